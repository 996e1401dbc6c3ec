/**
 * Structured logging for `@kit`, after go-kit's `log` package: a {@link Logger} takes one record of
 * key/value fields per call. {@link logfmtLogger} and {@link jsonLogger} write records as lines;
 * {@link withFields} and {@link withPrefix} bind context (rendered once); {@link Valuer}s such as
 * {@link timestampUTC} and {@link caller} are computed per record; {@link debug}, {@link info},
 * {@link warn}, {@link error} and {@link levelFilter} are go-kit's `log/level`;
 * {@link loggingMiddleware} logs each endpoint call. {@link pinoLogger} writes kit records through
 * pino, and {@link pinoCompatible} lets fastify, grpc-js or console-style code log into a kit
 * logger.
 *
 * Use it to give every `@kit` package (they all take a `Logger`) one place to log, in a format
 * logfmt or JSON tools read. pino is an optional peer: install it only for {@link pinoLogger}.
 *
 * @packageDocumentation
 */

export type { Logger } from "@kit/endpoint";
export { nopLogger } from "@kit/endpoint";
export { caller } from "./caller.js";
export type { Fields } from "./fields.js";
export type { JsonLoggerOptions } from "./json-logger.js";
export { jsonLogger } from "./json-logger.js";
export type { Level } from "./level.js";
export { debug, error, info, levelKey, warn } from "./level.js";
export type { AllowLevel, LevelFilterOptions } from "./level-filter.js";
export { levelFilter } from "./level-filter.js";
export { logfmtKey, logfmtLogger, logfmtValue } from "./logfmt-logger.js";
export type { LoggingMiddlewareOptions } from "./logging-middleware.js";
export { loggingMiddleware } from "./logging-middleware.js";
export type {
  CompatLevel,
  LogMethod,
  PinoCompatibleLogger,
  PinoCompatibleOptions,
  Serializer,
  Serializers,
} from "./pino-compatible.js";
export { pinoCompatible } from "./pino-compatible.js";
export type { PinoLevel, PinoLoggerOptions, PinoSink } from "./pino-logger.js";
export { pinoLogger } from "./pino-logger.js";
export type { BigintStyle } from "./safe-json.js";
export type { Valuer } from "./valuer.js";
export { isValuer, timestampUTC, valuer } from "./valuer.js";
export { withFields, withPrefix } from "./with-fields.js";
export type { WriteStream } from "./writer.js";
