/**
 * gRPC transport for `@kit` endpoints on `@grpc/grpc-js`: serve an endpoint as a unary gRPC method
 * ({@link createServer}, registered with {@link addService}) and call a unary gRPC method as an
 * endpoint ({@link createClient}). The wire is plain gRPC and protobuf, so kit services talk to
 * any gRPC client or server, kit or not.
 *
 * Use it when your service speaks gRPC; it carries deadlines, cancellation and metadata between
 * gRPC calls and the kit `Context`, and maps `KitError` codes to gRPC statuses and back through
 * `codeTable`. Load `.proto` files with {@link loadService} (int64 kept exact as strings) or use
 * generated definitions (grpc-tools, ts-proto).
 *
 * @packageDocumentation
 */

export type { HandlerFor, MethodShape, ServiceHandlers } from "./add-service.js";
export { addService } from "./add-service.js";
export type {
  ClientAfterFunc,
  ClientBeforeFunc,
  ClientFinalizerFunc,
  ClientMethod,
  ClientOptions,
  DecodeResponseFunc,
  EncodeRequestFunc,
} from "./client.js";
export { createClient } from "./client.js";
export type { LoadedService, LoaderOptions } from "./load-service.js";
export { defaultLoaderOptions, loadService } from "./load-service.js";
export { fromGrpcMetadata, toGrpcMetadata } from "./metadata.js";
export type {
  DecodeRequestFunc,
  EncodeResponseFunc,
  ServerAfterFunc,
  ServerBeforeFunc,
  ServerErrorHandler,
  ServerFinalizerFunc,
  ServerOptions,
  UnaryHandler,
} from "./server.js";
export { createServer } from "./server.js";
export type { CallSummary } from "./status.js";
export { errorDetailsTrailer, errorFromStatus, toGrpcStatus } from "./status.js";
