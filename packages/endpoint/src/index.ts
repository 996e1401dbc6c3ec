/**
 * The core contracts of `@kit`, with no runtime dependencies: {@link Endpoint} and
 * {@link Middleware} (and {@link chain} to compose them), the request {@link Context}, header-like
 * {@link Metadata}, the {@link Logger} contract, {@link KitError} with its code table, the
 * {@link Failer} response contract, the metrics contracts ({@link Counter}, {@link Gauge},
 * {@link Histogram}; types only) and Standard Schema decoding. Service discovery contracts live
 * in the `@kit/endpoint/sd` subpath.
 *
 * Depend on this package from every adapter: two `@kit` packages agree only through it.
 *
 * @packageDocumentation
 */

export type { Code, CodeMapping } from "./codes.js";
export {
  codeFromGrpcStatus,
  codeFromHttpStatus,
  codeFromJsonRpcCode,
  codes,
  codeTable,
  isCode,
} from "./codes.js";
export type { CancelFunc, Context } from "./context.js";
export {
  background,
  contextError,
  timeRemainingMs,
  whenDone,
  withCancel,
  withDeadline,
  withTimeout,
  withValue,
} from "./context.js";
export type { Endpoint, GenericMiddleware, Middleware } from "./endpoint.js";
export { chain } from "./endpoint.js";
export type { KitErrorOptions } from "./errors.js";
export { isKitError, KitError } from "./errors.js";
export type { Failer } from "./failer.js";
export { failure, isFailer } from "./failer.js";
export type { Key } from "./key.js";
export { createKey } from "./key.js";
export type { Logger } from "./logger.js";
export { nopLogger } from "./logger.js";
export type { Metadata, MetadataInit, ReadonlyMetadata } from "./metadata.js";
export {
  appendOutgoingMetadata,
  createMetadata,
  incomingMetadata,
  incomingMetadataKey,
  outgoingMetadata,
  outgoingMetadataKey,
  withIncomingMetadata,
  withOutgoingMetadata,
} from "./metadata.js";
export type { Counter, Gauge, Histogram, Labels } from "./metrics.js";
export type {
  InferInput,
  InferOutput,
  SchemaIssue,
  StandardSchemaIssue,
  StandardSchemaPathSegment,
  StandardSchemaProps,
  StandardSchemaResult,
  StandardSchemaTypes,
  StandardSchemaV1,
} from "./schema.js";
export { schemaDecoder } from "./schema.js";
