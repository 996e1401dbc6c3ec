/**
 * JSON-RPC 2.0 over HTTP for `@kit` endpoints (go-kit's `transport/http/jsonrpc`): a fastify
 * handler that routes each request's `method` to an endpoint with its codecs (batches,
 * notifications, the specification's error codes, KitError codes in error objects), and a
 * client endpoint that calls one remote method.
 *
 * Use it to serve or call JSON-RPC 2.0 peers (go-kit's included); for plain HTTP/JSON use the
 * package root.
 *
 * @packageDocumentation
 */

export type { JsonRpcClientOptions } from "./client.js";
export { createJsonRpcClient } from "./client.js";
export type {
  JsonRpcErrorCoder,
  JsonRpcErrorObject,
  JsonRpcId,
  JsonRpcRequest,
  JsonRpcResponse,
} from "./protocol.js";
export { fromErrorObject, jsonRpcErrorCodes, toErrorObject } from "./protocol.js";
export type { EndpointCodec, EndpointCodecMap, JsonRpcServerOptions } from "./server.js";
export { createJsonRpcServer, endpointCodec } from "./server.js";
