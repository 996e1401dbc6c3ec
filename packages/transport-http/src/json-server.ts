import type { InferOutput, StandardSchemaV1 } from "@kit/endpoint";
import { failure, KitError, schemaDecoder } from "@kit/endpoint";
import type { FastifyRequest } from "fastify";
import type { ErrorEncoder } from "./error-encoder.js";
import { defaultErrorEncoder, jsonContentType } from "./error-encoder.js";
import type { JSONParse, JSONStringify } from "./json-body.js";
import {
  bodyText,
  defaultParse,
  defaultStringify,
  isJSONContentType,
  parseJSON,
  toJSON,
} from "./json-body.js";
import type { DecodeRequestFunc, EncodeResponseFunc } from "./server.js";
import {
  requireFunction,
  requireOneOf,
  requireOptionalFunction,
  requireOptionalSchema,
  requireOptions,
} from "./validate.js";

/**
 * Which request content types {@link decodeJSONRequest} accepts; any other answers 415.
 * - `"json-or-missing"`: `application/json`, any `+json` type, or no `content-type` at all (what
 *   go-kit's Go client and `curl -d` without `-H` send);
 * - `"json"`: `application/json` or a `+json` type only;
 * - `"any"`: no check.
 *
 * @example
 * const decode = decodeJSONRequest({ requireContentType: "json" });
 */
export type RequireContentType = "json-or-missing" | "json" | "any";

/**
 * Options for {@link decodeJSONRequest}.
 *
 * @example
 * const options: DecodeJSONRequestOptions<typeof sumSchema> = { schema: sumSchema, parse: parseInt64JSON };
 */
export interface DecodeJSONRequestOptions<S extends StandardSchemaV1 | undefined = undefined> {
  /** Validates the parsed body; its output type becomes the request type. Default: none. */
  readonly schema?: S;
  /**
   * Parses the body text. Default `JSON.parse`. Used for raw bodies (the {@link httpTransport}
   * plugin hands every body through raw); a body fastify already parsed is taken as is.
   */
  readonly parse?: JSONParse;
  /** Which content types are accepted; see {@link RequireContentType}. Default `"json-or-missing"`. */
  readonly requireContentType?: RequireContentType;
}

const decodeWhere = "decodeJSONRequest";
const contentTypeModes: readonly RequireContentType[] = ["json-or-missing", "json", "any"];

/**
 * Makes a decoder that reads a JSON request body (go-kit addsvc's `decodeHTTPSumRequest`, with
 * the checks made explicit). It accepts the body raw (a `Buffer` or string, as the
 * {@link httpTransport} plugin passes it) or already parsed by fastify's JSON parser, and
 * answers, through the error encoder:
 *
 * - 415 when the content type is not accepted ({@link RequireContentType});
 * - 400 `missing request body` when there is none;
 * - 400 `malformed JSON in request body: ...` when the text does not parse;
 * - 400 with each issue's path (`invalid request: a: expected number, received string`) when a
 *   `schema` rejects it.
 *
 * All are {@link KitError}s with code `invalid_argument`. Without a schema the result is typed
 * `T` (default `unknown`) unchecked; with one, it is the schema's output type.
 *
 * @throws TypeError at construction when an option has the wrong type.
 * @example
 * const decodeSum = decodeJSONRequest({ schema: z.object({ a: z.number(), b: z.number() }) });
 * app.post("/sum", createServer(sum, decodeSum, encodeJSONResponse));
 */
export function decodeJSONRequest<S extends StandardSchemaV1>(
  options: DecodeJSONRequestOptions<S> & { readonly schema: S },
): DecodeRequestFunc<InferOutput<S>>;
export function decodeJSONRequest<T = unknown>(
  options?: DecodeJSONRequestOptions,
): DecodeRequestFunc<NoInfer<T>>;
export function decodeJSONRequest(
  options: DecodeJSONRequestOptions<StandardSchemaV1 | undefined> = {},
): DecodeRequestFunc<unknown> {
  requireOptions(decodeWhere, options);
  const { schema, parse = defaultParse, requireContentType = "json-or-missing" } = options;
  requireOptionalSchema(decodeWhere, "schema", schema);
  requireFunction(decodeWhere, "parse", parse);
  requireOneOf(decodeWhere, "requireContentType", requireContentType, contentTypeModes);
  const validate = schema === undefined ? undefined : schemaDecoder(schema);
  const allowMissing = requireContentType === "json-or-missing";
  const checkType = requireContentType !== "any";

  const read = (request: FastifyRequest): unknown => {
    if (checkType) {
      const type = request.headers["content-type"];
      if (type === undefined || type === "" ? !allowMissing : !isJSONContentType(type))
        throw unsupportedMediaType(type);
    }
    const body: unknown = request.body;
    const text = bodyText(body);
    if (text !== undefined) {
      if (text.length === 0) throw missingBody();
      return parseJSON(text, parse, malformedRequest);
    }
    if (body === undefined || body === null) throw missingBody();
    return body; // fastify's own parser already made it a value
  };
  // Not async: the schema's own promise is handed on as is, without wrapping it in another.
  return (_ctx, request) => {
    let value: unknown;
    try {
      value = read(request);
    } catch (err) {
      return Promise.reject(err);
    }
    return validate === undefined ? Promise.resolve(value) : validate(value);
  };
}

/**
 * Options for {@link jsonResponseEncoder}.
 *
 * @example
 * const options: JSONResponseEncoderOptions = { stringify: stringifyInt64JSON };
 */
export interface JSONResponseEncoderOptions {
  /** Serialises the response. Default `JSON.stringify` (which throws on `bigint`: 500). */
  readonly stringify?: JSONStringify;
  /** Writes a {@link Failer} response's business error. Default {@link defaultErrorEncoder}. */
  readonly errorEncoder?: ErrorEncoder;
}

const encodeWhere = "jsonResponseEncoder";

/**
 * Makes an encoder that answers the response as JSON (go-kit's `EncodeJSONResponse`) with
 * `content-type: application/json; charset=utf-8` and the reply's status (200 unless an `after`
 * hook set another). A response that is a {@link Failer} carrying an error is answered with that
 * error through `errorEncoder` instead, as go-kit's addsvc does: a KitError business error
 * (`invalid_argument`, "can't sum two zeroes") answers 400 with its message.
 *
 * `JSON.stringify` throws on `bigint`, so by default a response holding one fails with 500;
 * pass a `stringify` that writes bigints as JSON integers to send 64-bit values.
 *
 * @throws TypeError at construction when an option has the wrong type.
 * @example
 * const encodeInt64 = jsonResponseEncoder({ stringify: (v) => losslessJSON.stringify(v) });
 * app.post("/sum", createServer(sum, decodeSum, encodeInt64));
 */
export function jsonResponseEncoder(
  options: JSONResponseEncoderOptions = {},
): EncodeResponseFunc<unknown> {
  requireOptions(encodeWhere, options);
  const { stringify = defaultStringify, errorEncoder = defaultErrorEncoder } = options;
  requireOptionalFunction(encodeWhere, "stringify", stringify);
  requireOptionalFunction(encodeWhere, "errorEncoder", errorEncoder);
  return (ctx, reply, response) => {
    try {
      const err = failure(response);
      if (err !== undefined) return Promise.resolve(errorEncoder(ctx, err, reply));
      reply.header("content-type", jsonContentType).send(toJSON(response, stringify));
      return settled;
    } catch (err) {
      return Promise.reject(err);
    }
  };
}

/** The outcome of an encoder that has answered: one shared settled promise. */
const settled: Promise<void> = Promise.resolve();

/**
 * The ready-made JSON response encoder: {@link jsonResponseEncoder} with its defaults.
 *
 * @example
 * app.post("/sum", createServer(sum, decodeJSONRequest(), encodeJSONResponse));
 */
export const encodeJSONResponse: EncodeResponseFunc<unknown> = jsonResponseEncoder();

function unsupportedMediaType(type: string | undefined): KitError {
  const what = type === undefined || type === "" ? "a missing content type" : `"${type}"`;
  return Object.assign(
    new KitError(
      "invalid_argument",
      `unsupported media type: expected application/json, got ${what}`,
    ),
    { statusCode: 415 },
  );
}

function missingBody(): KitError {
  return new KitError("invalid_argument", "missing request body: expected a JSON value");
}

function malformedRequest(detail: string): KitError {
  return new KitError(
    "invalid_argument",
    detail ? `malformed JSON in request body: ${detail}` : "malformed JSON in request body",
  );
}
