import type { Context } from "@kit/endpoint";
import { KitError } from "@kit/endpoint";
import type { ClientEndpoint, ClientOptions, ClientResponse } from "../client.js";
import { createClient } from "../client.js";
import { jsonContentType } from "../error-encoder.js";
import type { JSONParse, JSONStringify } from "../json-body.js";
import { defaultParse, defaultStringify, parseJSON } from "../json-body.js";
import { requireFunction, requireOptions } from "../validate.js";
import type { JsonRpcErrorObject, JsonRpcId } from "./protocol.js";
import { fromErrorObject } from "./protocol.js";

/**
 * Options for {@link createJsonRpcClient}: those of `createClient` (hooks, `dispatcher`,
 * `headers`, `errorDecoder` for non-2xx HTTP answers) plus the JSON-RPC codecs.
 *
 * @example
 * const options: JsonRpcClientOptions<SumReq, SumRes> = {
 *   encode: async (_ctx, req) => req,
 *   decode: async (_ctx, result) => sumResult.parse(result),
 * };
 */
export interface JsonRpcClientOptions<Req, Res> extends ClientOptions {
  /** Turns the request into `params`. Default: the request itself. */
  readonly encode?: (ctx: Context, request: Req) => Promise<unknown>;
  /** Turns the `result` into the response. Default: the result itself, unchecked. */
  readonly decode?: (ctx: Context, result: unknown) => Promise<Res>;
  /** Makes each request's id. Default: 1, 2, 3, ... per client. */
  readonly requestId?: () => JsonRpcId;
  /** Serialises the request object. Default `JSON.stringify` (throws on `bigint`). */
  readonly stringify?: JSONStringify;
  /** Parses the response text. Default `JSON.parse`; pass a bigint-aware one for int64. */
  readonly parse?: JSONParse;
}

const where = "createJsonRpcClient";
const identity = async <T>(_ctx: Context, value: unknown): Promise<T> => value as T;
const jsonHeaders: Readonly<Record<string, string>> = Object.freeze({
  "content-type": jsonContentType,
  accept: "application/json",
});

/**
 * Makes an endpoint that calls one JSON-RPC 2.0 method over HTTP POST (go-kit's
 * `jsonrpc.NewClient`). It sends `{"jsonrpc":"2.0","method":...,"params":...,"id":...}` and
 * resolves to the decoded `result`.
 *
 * It rejects with a {@link KitError}: for an error object, the kit code from `data.code` when a
 * kit server sent it, else `codeFromJsonRpcCode(error.code)` (-32601 `unimplemented`, -32602
 * `invalid_argument`, ...), with the server's message; for a response that is not a JSON-RPC
 * response, `internal`; for HTTP and network failures, as `createClient` does. Close it with
 * `close()` when it owns its dispatcher.
 *
 * @throws TypeError at construction when the URL or an option is invalid.
 * @example
 * const sum = createJsonRpcClient<SumReq, SumRes>("http://127.0.0.1:8080/rpc", "sum");
 * const { v } = await sum(ctx, { a: 1, b: 2 });
 * await sum.close();
 */
export function createJsonRpcClient<Req = unknown, Res = unknown>(
  url: string | URL,
  method: string,
  options: JsonRpcClientOptions<Req, Res> = {},
): ClientEndpoint<Req, Res> {
  if (typeof method !== "string" || method === "")
    throw new TypeError(`${where}: method must be a non-empty string`);
  requireOptions(where, options);
  const {
    encode = identity<unknown>,
    decode = identity<Res>,
    requestId = counter(),
    stringify = defaultStringify,
    parse = defaultParse,
    ...clientOptions
  } = options;
  requireFunction(where, "encode", encode);
  requireFunction(where, "decode", decode);
  requireFunction(where, "requestId", requestId);
  requireFunction(where, "stringify", stringify);
  requireFunction(where, "parse", parse);

  const encodeEnvelope = async (ctx: Context, request: Req) => {
    const params = await encode(ctx, request);
    const text = stringify(
      params === undefined
        ? { jsonrpc: "2.0", method, id: requestId() }
        : { jsonrpc: "2.0", method, params, id: requestId() },
    );
    if (text === undefined) throw new KitError("internal", "the request does not serialise");
    return { body: text, headers: jsonHeaders };
  };

  const decodeEnvelope = async (ctx: Context, response: ClientResponse): Promise<Res> => {
    const value = parseJSON(response.body.toString("utf8"), parse, malformed);
    if (typeof value !== "object" || value === null || Array.isArray(value))
      throw malformed("not a response object");
    const { error, result } = value as { error?: unknown; result?: unknown };
    if (error !== undefined && error !== null) {
      if (typeof error !== "object" || typeof (error as { code?: unknown }).code !== "number")
        throw malformed("the error is not an error object");
      throw fromErrorObject(error as JsonRpcErrorObject);
    }
    if (!Object.hasOwn(value, "result")) throw malformed("neither result nor error");
    return decode(ctx, result);
  };

  return createClient("POST", url, encodeEnvelope, decodeEnvelope, clientOptions);
}

function counter(): () => number {
  let next = 0;
  return () => ++next;
}

function malformed(detail: string): KitError {
  return new KitError("internal", `malformed JSON-RPC response: ${detail}`);
}
