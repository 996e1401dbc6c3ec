/**
 * HTTP transports for `@kit` endpoints (go-kit's `transport/http`): serve an endpoint as a
 * fastify route with {@link createServer}, call a remote one as an endpoint with
 * {@link createClient} (undici, keep-alive), with JSON codecs, a fastify plugin that mounts
 * routes and answers errors as JSON, and the go-kit hooks (before, after, finalizer, error
 * encoder). JSON-RPC 2.0 lives in the `@kit/transport-http/jsonrpc` subpath.
 *
 * Use it when your service speaks HTTP/JSON to anyone: kit or go-kit services, browsers,
 * `curl`; wire formats are plain JSON, never kit-specific.
 *
 * @packageDocumentation
 */

export type {
  ClientAfterFunc,
  ClientBeforeFunc,
  ClientEndpoint,
  ClientFinalizerFunc,
  ClientOptions,
  ClientResponse,
  ClientSummary,
  DecodeResponseFunc,
  EncodeRequestFunc,
  OutgoingRequest,
} from "./client.js";
export { createClient } from "./client.js";
export type { ErrorDecoder } from "./error-decoder.js";
export { defaultErrorDecoder } from "./error-decoder.js";
export type { ErrorEncoder, Headerer, StatusCoder } from "./error-encoder.js";
export { defaultErrorEncoder, errorMessage, errorStatus } from "./error-encoder.js";
export type { JSONParse, JSONStringify } from "./json-body.js";
export type { DecodeJSONResponseOptions, JSONRequestEncoderOptions } from "./json-client.js";
export { decodeJSONResponse, encodeJSONRequest, jsonRequestEncoder } from "./json-client.js";
export type {
  DecodeJSONRequestOptions,
  JSONResponseEncoderOptions,
  RequireContentType,
} from "./json-server.js";
export { decodeJSONRequest, encodeJSONResponse, jsonResponseEncoder } from "./json-server.js";
export { metadataFromHeaders } from "./metadata.js";
export type { HttpTransportOptions } from "./plugin.js";
export { defaultBodyLimit, httpTransport } from "./plugin.js";
export type {
  DecodeRequestFunc,
  EncodeResponseFunc,
  ServerAfterFunc,
  ServerBeforeFunc,
  ServerErrorHandler,
  ServerFinalizerFunc,
  ServerOptions,
  ServerSummary,
} from "./server.js";
export { createServer } from "./server.js";
