import type { Context, Endpoint, KitError } from "@kit/endpoint";
import { failure } from "@kit/endpoint";
import type { FastifyReply, RouteHandlerMethod } from "fastify";
import { jsonContentType } from "../error-encoder.js";
import type { JSONParse, JSONStringify } from "../json-body.js";
import { bodyText, defaultParse, defaultStringify, parseJSON } from "../json-body.js";
import type {
  DecodeRequestFunc,
  EncodeResponseFunc,
  ServerAfterFunc,
  ServerBeforeFunc,
  ServerErrorHandler,
  ServerFinalizerFunc,
} from "../server.js";
import { answerFor, createServer } from "../server.js";
import { requireFunction, requireOptions } from "../validate.js";
import type { JsonRpcId } from "./protocol.js";
import { jsonRpcErrorCodes, protocolError, toErrorObject } from "./protocol.js";

/**
 * One JSON-RPC method: an endpoint with the codecs around it (go-kit's `jsonrpc.EndpointCodec`).
 * `decode` turns the request's `params` into the endpoint's request (throw a KitError
 * `invalid_argument` for bad params: the caller gets -32602); `encode` turns the endpoint's
 * response into the `result`.
 *
 * The members are declared as methods so that an {@link EndpointCodecMap} can hold codecs of
 * different types; build each with {@link endpointCodec} to have the three checked against each
 * other.
 *
 * @example
 * const sumCodec: EndpointCodec<SumReq, SumRes> = {
 *   endpoint: sum,
 *   decode: async (_ctx, params) => decodeSumParams(params),
 *   encode: async (_ctx, res) => res,
 * };
 */
export interface EndpointCodec<Req, Res> {
  /** The endpoint serving the method. */
  endpoint(ctx: Context, request: Req): Promise<Res>;
  /** Turns `params` (absent: `undefined`) into the request. */
  decode(ctx: Context, params: unknown): Promise<Req>;
  /** Turns the response into the JSON-RPC `result`. */
  encode(ctx: Context, response: Res): Promise<unknown>;
}

/**
 * The methods a JSON-RPC server serves, by name (go-kit's `jsonrpc.EndpointCodecMap`).
 *
 * @example
 * const codecs: EndpointCodecMap = { sum: endpointCodec(sum, decodeSum, encodeSum) };
 */
export type EndpointCodecMap = Readonly<Record<string, EndpointCodec<unknown, unknown>>>;

/**
 * Makes an {@link EndpointCodec}, checking at compile time that `decode` produces what the
 * endpoint takes and `encode` takes what it returns.
 *
 * @example
 * const codecs = { sum: endpointCodec(sum, async (_ctx, p) => schemaDecodeSum(p), async (_ctx, r) => r) };
 */
export function endpointCodec<Req, Res>(
  endpoint: Endpoint<Req, Res>,
  decode: (ctx: Context, params: unknown) => Promise<Req>,
  encode: (ctx: Context, response: Res) => Promise<unknown>,
): EndpointCodec<Req, Res> {
  requireFunction("endpointCodec", "endpoint", endpoint);
  requireFunction("endpointCodec", "decode", decode);
  requireFunction("endpointCodec", "encode", encode);
  return { endpoint, decode, encode };
}

/**
 * Options for {@link createJsonRpcServer}. Hooks behave as in `createServer`: `before`, `after`
 * and `finalizer` run once per HTTP request (a whole batch), `errorHandler` once per failed call.
 *
 * @example
 * const options: JsonRpcServerOptions = { errorHandler: (_ctx, err) => logger.log({ err }) };
 */
export interface JsonRpcServerOptions {
  /** Run before parsing, each with the fastify request. Default: none. */
  readonly before?: readonly ServerBeforeFunc[];
  /** Run after every call of the request finished, before writing. Default: none. */
  readonly after?: readonly ServerAfterFunc[];
  /** Observes every error: of each call, and of the request as a whole. Default: none. */
  readonly errorHandler?: ServerErrorHandler;
  /** Run once at the end of every HTTP request. Default: none. */
  readonly finalizer?: readonly ServerFinalizerFunc[];
  /** Parses the body text. Default `JSON.parse`; pass a bigint-aware one for int64 params. */
  readonly parse?: JSONParse;
  /** Serialises each response object. Default `JSON.stringify` (a `bigint` result is -32603). */
  readonly stringify?: JSONStringify;
}

const where = "createJsonRpcServer";
const noop = () => {};
const hasOwn = Object.hasOwn;

/**
 * Serves JSON-RPC 2.0 over HTTP POST as a fastify route handler (go-kit's `jsonrpc.NewServer`),
 * routing each request's `method` to its {@link EndpointCodec}:
 *
 * - single requests and batches (an array; members run concurrently, the answer is an array of
 *   the non-notification responses); an empty batch is -32600;
 * - notifications (no `id`) run but get no response; a request of only notifications is answered
 *   204 with no body;
 * - the specification's errors: -32700 parse error, -32600 invalid request, -32601 method not
 *   found, -32602 invalid params (a KitError `invalid_argument` from `decode`), -32603 internal
 *   (any error that is not a KitError, with a generic message);
 * - a KitError from the endpoint becomes `{ code: codeTable[code].jsonRpcCode, message,
 *   data: { code } }`, and so does a business error carried in a `Failer` response (go-kit drops
 *   those; here the caller sees them);
 * - every error response echoes the request's id (`null` when it could not be read);
 * - HTTP status 200 for every JSON-RPC answer, errors included;
 * - go-kit 0.10's client, which sends `"jsonrpc": ""` and ids from 0, is accepted.
 *
 * Mount it through the `httpTransport` plugin, so that the body arrives raw and malformed JSON is
 * answered -32700 (fastify's own JSON parser would answer 400 before the handler runs).
 *
 * @throws TypeError at construction when a codec or option is invalid.
 * @example
 * app.register(httpTransport, {
 *   routes: [{ method: "POST", url: "/rpc", handler: createJsonRpcServer({ sum: endpointCodec(sum, decodeSum, encodeSum) }) }],
 * });
 */
export function createJsonRpcServer(
  codecs: EndpointCodecMap,
  options: JsonRpcServerOptions = {},
): RouteHandlerMethod {
  requireOptions(where, codecs, "codecs");
  requireOptions(where, options);
  const {
    before = [],
    after = [],
    errorHandler = noop,
    finalizer = [],
    parse = defaultParse,
    stringify = defaultStringify,
  } = options;
  requireFunction(where, "errorHandler", errorHandler);
  requireFunction(where, "parse", parse);
  requireFunction(where, "stringify", stringify);
  const methods = new Map<string, EndpointCodec<unknown, unknown>>();
  for (const [name, codec] of Object.entries(codecs)) {
    for (const part of ["endpoint", "decode", "encode"] as const)
      requireFunction(where, `codecs.${name}.${part}`, codec?.[part]);
    methods.set(name, codec);
  }

  /** Serialises one response object; a result that does not serialise becomes -32603. */
  function respond(id: JsonRpcId, result: unknown): string {
    try {
      const text = stringify({ jsonrpc: "2.0", result: result === undefined ? null : result, id });
      if (text !== undefined) return text;
    } catch {
      // fall through to an internal error
    }
    return respondError(id, new Error("result does not serialise"));
  }

  function respondError(id: JsonRpcId, err: unknown): string {
    const error = toErrorObject(err);
    try {
      const text = stringify({ jsonrpc: "2.0", error, id });
      if (text !== undefined) return text;
    } catch {
      // details that do not serialise: send the error without them
    }
    const idText = typeof id === "bigint" ? String(id) : JSON.stringify(id);
    const errorText = JSON.stringify({ code: error.code, message: error.message });
    return `{"jsonrpc":"2.0","error":${errorText},"id":${idText}}`;
  }

  /** Runs one member; resolves to its serialised response, or `undefined` for a notification. */
  async function call(ctx: Context, member: unknown): Promise<string | undefined> {
    if (typeof member !== "object" || member === null || Array.isArray(member))
      return respondError(null, invalidRequest("a request must be an object"));
    const m = member as Record<string, unknown>;
    const isNotification = !hasOwn(m, "id");
    const id = m.id;
    if (!isNotification && !isId(id))
      return respondError(null, invalidRequest('"id" must be a string, a number or null'));
    const replyId = isNotification ? null : (id as JsonRpcId);
    if (m.jsonrpc !== "2.0" && m.jsonrpc !== "")
      return respondError(replyId, invalidRequest('"jsonrpc" must be "2.0"'));
    const method = m.method;
    if (typeof method !== "string")
      return respondError(replyId, invalidRequest('"method" must be a string'));
    const codec = methods.get(method);
    let response: unknown;
    try {
      if (codec === undefined)
        throw protocolError(
          "unimplemented",
          jsonRpcErrorCodes.methodNotFound,
          `method not found: ${method}`,
        );
      response = await codec.endpoint(ctx, await codec.decode(ctx, m.params));
    } catch (err) {
      try {
        errorHandler(ctx, err);
      } catch {
        // An observer cannot change the answer.
      }
      return isNotification ? undefined : respondError(replyId, answerFor(err, ctx));
    }
    const business = failure(response);
    if (business !== undefined) return isNotification ? undefined : respondError(replyId, business);
    let result: unknown;
    try {
      result = await (codec as EndpointCodec<unknown, unknown>).encode(ctx, response);
    } catch (err) {
      try {
        errorHandler(ctx, err);
      } catch {
        // An observer cannot change the answer.
      }
      return isNotification ? undefined : respondError(replyId, answerFor(err, ctx));
    }
    return isNotification ? undefined : respond(replyId, result);
  }

  const decode: DecodeRequestFunc<unknown> = async (_ctx, request) => {
    const body: unknown = request.body;
    const text = bodyText(body);
    if (text === undefined) {
      if (body === undefined || body === null) throw parseError("empty body");
      return body; // fastify's JSON parser already parsed it
    }
    if (text.length === 0) throw parseError("empty body");
    const value = parseJSON(text, parse, parseError);
    if (Array.isArray(value) && value.length === 0) throw invalidRequest("empty batch");
    return value;
  };

  const dispatch: Endpoint<unknown, string | undefined> = async (ctx, value) => {
    if (!Array.isArray(value)) return call(ctx, value);
    const answers = await Promise.all(value.map((member) => call(ctx, member)));
    let body = "";
    for (const answer of answers)
      if (answer !== undefined) body = body === "" ? answer : `${body},${answer}`;
    return body === "" ? undefined : `[${body}]`;
  };

  const encode: EncodeResponseFunc<string | undefined> = async (_ctx, reply, body) => {
    if (body === undefined) reply.code(204).send();
    else reply.code(200).header("content-type", jsonContentType).send(body);
  };

  const errorEncoder = (_ctx: Context, err: unknown, reply: FastifyReply) => {
    reply.code(200).header("content-type", jsonContentType).send(respondError(null, err));
  };

  return createServer(dispatch, decode, encode, {
    before,
    after,
    errorHandler,
    finalizer,
    errorEncoder,
  });
}

/** A valid id: a string, a finite number, null, or a bigint (from a bigint-aware `parse`). */
function isId(value: unknown): boolean {
  return (
    value === null ||
    typeof value === "string" ||
    typeof value === "bigint" ||
    (typeof value === "number" && Number.isFinite(value))
  );
}

function parseError(detail: string): KitError {
  return protocolError(
    "invalid_argument",
    jsonRpcErrorCodes.parseError,
    detail ? `parse error: ${detail}` : "parse error",
  );
}

function invalidRequest(detail: string): KitError {
  return protocolError(
    "invalid_argument",
    jsonRpcErrorCodes.invalidRequest,
    `invalid request: ${detail}`,
  );
}
