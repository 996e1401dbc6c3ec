import type { InferOutput, StandardSchemaV1 } from "@kit/endpoint";
import { isKitError, KitError, schemaDecoder } from "@kit/endpoint";
import type { DecodeResponseFunc, EncodeRequestFunc } from "./client.js";
import { jsonContentType } from "./error-encoder.js";
import type { JSONParse, JSONStringify } from "./json-body.js";
import { defaultParse, defaultStringify, parseJSON, toJSON } from "./json-body.js";
import {
  requireFunction,
  requireOptionalFunction,
  requireOptionalSchema,
  requireOptions,
} from "./validate.js";

/**
 * Options for {@link jsonRequestEncoder}.
 *
 * @example
 * const options: JSONRequestEncoderOptions = { stringify: stringifyInt64JSON };
 */
export interface JSONRequestEncoderOptions {
  /** Serialises the request. Default `JSON.stringify` (which throws on `bigint`). */
  readonly stringify?: JSONStringify;
}

const jsonHeaders: Readonly<Record<string, string>> = Object.freeze({
  "content-type": jsonContentType,
});

/**
 * Makes an encoder that sends the request as a JSON body with
 * `content-type: application/json; charset=utf-8` (go-kit's `EncodeJSONRequest`). Pass a
 * `stringify` that writes `bigint` as JSON integers to send 64-bit values.
 *
 * @throws TypeError at construction when an option has the wrong type.
 * @example
 * const encodeInt64 = jsonRequestEncoder({ stringify: stringifyInt64JSON });
 * const sum = createClient("POST", url, encodeInt64, decodeJSONResponse());
 */
export function jsonRequestEncoder(
  options: JSONRequestEncoderOptions = {},
): EncodeRequestFunc<unknown> {
  requireOptions("jsonRequestEncoder", options);
  const { stringify = defaultStringify } = options;
  requireOptionalFunction("jsonRequestEncoder", "stringify", stringify);
  return async (_ctx, request) => ({ body: toJSON(request, stringify), headers: jsonHeaders });
}

/**
 * The ready-made JSON request encoder: {@link jsonRequestEncoder} with its defaults.
 *
 * @example
 * const sum = createClient("POST", "http://127.0.0.1:8080/sum", encodeJSONRequest, decodeJSONResponse());
 */
export const encodeJSONRequest: EncodeRequestFunc<unknown> = jsonRequestEncoder();

/**
 * Options for {@link decodeJSONResponse}.
 *
 * @example
 * const options: DecodeJSONResponseOptions<typeof sumReply> = { schema: sumReply, parse: parseInt64JSON };
 */
export interface DecodeJSONResponseOptions<S extends StandardSchemaV1 | undefined = undefined> {
  /** Validates the parsed body; its output type becomes the response type. Default: none. */
  readonly schema?: S;
  /** Parses the body text. Default `JSON.parse`; pass a bigint-aware one for int64. */
  readonly parse?: JSONParse;
}

const decodeWhere = "decodeJSONResponse";

/**
 * Makes a decoder that parses a 2xx JSON response body (an empty body is `undefined`). A body
 * that does not parse, or that `schema` rejects, rejects with a {@link KitError} `internal`
 * (the server broke the contract; it is not the caller's `invalid_argument`), with the issues in
 * `details`. Without a schema the result is typed `T` (default `unknown`) unchecked.
 *
 * @throws TypeError at construction when an option has the wrong type.
 * @example
 * const decodeSum = decodeJSONResponse({ schema: z.object({ v: z.number() }) });
 * const sum = createClient("POST", url, encodeJSONRequest, decodeSum); // Endpoint<unknown, { v: number }>
 */
export function decodeJSONResponse<S extends StandardSchemaV1>(
  options: DecodeJSONResponseOptions<S> & { readonly schema: S },
): DecodeResponseFunc<InferOutput<S>>;
export function decodeJSONResponse<T = unknown>(
  options?: DecodeJSONResponseOptions,
): DecodeResponseFunc<NoInfer<T>>;
export function decodeJSONResponse(
  options: DecodeJSONResponseOptions<StandardSchemaV1 | undefined> = {},
): DecodeResponseFunc<unknown> {
  requireOptions(decodeWhere, options);
  const { schema, parse = defaultParse } = options;
  requireOptionalSchema(decodeWhere, "schema", schema);
  requireFunction(decodeWhere, "parse", parse);
  const validate = schema === undefined ? undefined : schemaDecoder(schema);
  return async (_ctx, response) => {
    const body = response.body;
    const value =
      body.length === 0 ? undefined : parseJSON(body.toString("utf8"), parse, malformedResponse);
    if (validate === undefined) return value;
    try {
      return await validate(value);
    } catch (err) {
      if (!isKitError(err)) throw err;
      throw new KitError("internal", err.message.replace(/^invalid request/, "invalid response"), {
        cause: err,
        ...(err.details === undefined ? {} : { details: err.details }),
      });
    }
  };
}

function malformedResponse(detail: string): KitError {
  return new KitError(
    "internal",
    detail ? `malformed JSON in response body: ${detail}` : "malformed JSON in response body",
  );
}
