import { format } from "node:util";
import { type Logger, nopLogger } from "@kit/endpoint";
import type { Fields } from "./fields.js";
import { debug, error, info, warn } from "./level.js";
import type { PinoLevel } from "./pino-logger.js";
import { withFields } from "./with-fields.js";

/**
 * A pino level name or `"silent"` (nothing enabled).
 *
 * @example
 * compat.level = "silent" satisfies CompatLevel;
 */
export type CompatLevel = PinoLevel | "silent";

/**
 * One logging method with pino's call forms: `(msg, ...args)` formats the message
 * `util.format`-style (so console-style calls work too); `(obj, msg?, ...args)` adds `obj`'s
 * fields; `(err, msg?)` logs an `Error` under `err`, its message as `msg` unless one is given.
 *
 * @example
 * const log: LogMethod = compat.info;
 * log("%s took %dms", "sum", 12);
 * log({ port: 8080 }, "listening");
 */
export interface LogMethod {
  (msg: string, ...args: unknown[]): void;
  (obj: object, msg?: string, ...args: unknown[]): void;
}

/**
 * Turns a field value into what is logged (pino's serializers), by field name.
 *
 * @example
 * const user: Serializer = (u: { id: string }) => u.id;
 */
export type Serializer = { bivariant(value: unknown): unknown }["bivariant"];

/**
 * Serializers by field name, applied to bindings and to the fields of logged objects.
 *
 * @example
 * const serializers: Serializers = { req: (r: { method: string; url: string }) => `${r.method} ${r.url}` };
 */
export type Serializers = Readonly<Record<string, Serializer>>;

/**
 * Options for {@link pinoCompatible} and for `child()`.
 *
 * @example
 * const compat = pinoCompatible(logger, { level: "debug", serializers: { user: (u: User) => u.id } });
 */
export interface PinoCompatibleOptions {
  /** The lowest level written; lower methods are no-ops. Default `"info"` (a child: its parent's). */
  level?: CompatLevel;
  /** Serializers by field name (a child adds to its parent's). Default: none. */
  serializers?: Serializers;
}

/**
 * A pino-shaped logger over a kit {@link Logger}: what fastify (`loggerInstance`), grpc-js
 * (`grpc.setLogger`) and console-style code can log through. Make one with {@link pinoCompatible}.
 *
 * @example
 * const reqLog: PinoCompatibleLogger = pinoCompatible(logger).child({ reqId: "r-1" });
 * reqLog.info("incoming request");
 */
export interface PinoCompatibleLogger {
  /** The lowest level written; setting it switches the methods at once. Throws on an unknown name. */
  level: CompatLevel;
  /** Writes at `trace` (a kit `debug` record). */
  trace: LogMethod;
  /** Writes a kit `debug` record. */
  debug: LogMethod;
  /** Writes a kit `info` record. */
  info: LogMethod;
  /** Writes a kit `warn` record. */
  warn: LogMethod;
  /** Writes a kit `error` record. */
  error: LogMethod;
  /** Writes at `fatal` (a kit `error` record); does not exit. */
  fatal: LogMethod;
  /** Writes nothing. */
  silent: LogMethod;
  /** A logger whose records carry `bindings`, with `options.level` and more serializers. */
  child(bindings: Record<string, unknown>, options?: PinoCompatibleOptions): PinoCompatibleLogger;
  /** Whether records at `level` are written. */
  isLevelEnabled(level: string): boolean;
}

const levelValues: Readonly<Record<CompatLevel, number>> = Object.freeze({
  trace: 10,
  debug: 20,
  info: 30,
  warn: 40,
  error: 50,
  fatal: 60,
  silent: Number.POSITIVE_INFINITY,
});

const methodNames: readonly PinoLevel[] = ["trace", "debug", "info", "warn", "error", "fatal"];

const noop: LogMethod = () => {};

function checkLevel(level: unknown, name: string): CompatLevel {
  if (typeof level !== "string" || !Object.hasOwn(levelValues, level))
    throw new TypeError(`${name}: unknown level ${String(level)}`);
  return level as CompatLevel;
}

function checkSerializers(serializers: unknown, name: string): Serializers | undefined {
  if (serializers === undefined) return undefined;
  if (typeof serializers !== "object" || serializers === null)
    throw new TypeError(`${name}: serializers must be an object of functions`);
  for (const [key, fn] of Object.entries(serializers))
    if (typeof fn !== "function")
      throw new TypeError(`${name}: serializer ${key} is not a function`);
  return serializers as Serializers;
}

function serialize(serializers: Serializers | undefined, fields: object): Fields {
  const out: Fields = {};
  for (const [key, v] of Object.entries(fields)) {
    const s = serializers?.[key];
    out[key] = s ? s(v) : v;
  }
  return out;
}

function toRecord(serializers: Serializers | undefined, args: unknown[]): Fields {
  const first = args[0];
  if (typeof first !== "object" || first === null)
    return { msg: args.length === 1 && typeof first === "string" ? first : format(...args) };
  let out: Fields;
  if (first instanceof Error) {
    const s = serializers?.err;
    out = { err: s ? s(first) : first };
    if (args.length === 1) out.msg = first.message;
  } else {
    out = serialize(serializers, first);
  }
  if (args.length > 1) out.msg = format(...args.slice(1));
  return out;
}

class Compat implements PinoCompatibleLogger {
  trace: LogMethod = noop;
  debug: LogMethod = noop;
  info: LogMethod = noop;
  warn: LogMethod = noop;
  error: LogMethod = noop;
  fatal: LogMethod = noop;
  silent: LogMethod = noop;
  #level: CompatLevel = "silent";
  readonly #bound: Logger;
  readonly #serializers: Serializers | undefined;
  readonly #sinks: Readonly<Record<PinoLevel, Logger>>;

  constructor(bound: Logger, level: CompatLevel, serializers: Serializers | undefined) {
    this.#bound = bound;
    this.#serializers = serializers;
    const d = debug(bound);
    const e = error(bound);
    this.#sinks = { trace: d, debug: d, info: info(bound), warn: warn(bound), error: e, fatal: e };
    this.level = level;
  }

  get level(): CompatLevel {
    return this.#level;
  }

  set level(level: CompatLevel) {
    const value = levelValues[checkLevel(level, "level")];
    this.#level = level;
    for (const name of methodNames) {
      const sink = this.#sinks[name];
      this[name] = levelValues[name] >= value && sink !== nopLogger ? this.#method(sink) : noop;
    }
  }

  #method(sink: Logger): LogMethod {
    const serializers = this.#serializers;
    return (...args: unknown[]) => {
      try {
        sink.log(toRecord(serializers, args));
      } catch {
        // A logger never throws.
      }
    };
  }

  child(
    bindings: Record<string, unknown>,
    options: PinoCompatibleOptions = {},
  ): PinoCompatibleLogger {
    const level = options.level === undefined ? this.#level : checkLevel(options.level, "child");
    const more = checkSerializers(options.serializers, "child");
    const serializers = more ? { ...this.#serializers, ...more } : this.#serializers;
    const fields = bindings ? serialize(serializers, bindings) : {};
    return new Compat(withFields(this.#bound, fields), level, serializers);
  }

  isLevelEnabled(level: string): boolean {
    return (
      Object.hasOwn(levelValues, level) && level !== "silent" && this[level as PinoLevel] !== noop
    );
  }
}

/**
 * A pino-shaped logger that writes through a kit {@link Logger}, so libraries that want pino or a
 * console log into your kit pipeline: fastify (`fastify({ loggerInstance: pinoCompatible(kit) })`),
 * grpc-js (`grpc.setLogger(pinoCompatible(kit))`), or code written against `console`.
 *
 * Each call becomes one record: the kit level (`trace` and `debug` → `debug`, `fatal` and `error` →
 * `error`) in front, the bindings of `child()` calls, the logged object's fields (through
 * `serializers`, as pino does; fastify passes its `req`/`res`/`err` serializers to `child`), and
 * the message as `msg`. Methods below `level` are no-op functions, swapped when `level` changes;
 * so are methods whose kit level a {@link levelFilter} under `logger` drops (decided once, here).
 * `child()` binds its fields once, through {@link withFields}. Throws a `TypeError` at construction
 * for an unknown level or a serializer that is not a function.
 *
 * @example
 * const app = fastify({ loggerInstance: pinoCompatible(jsonLogger(process.stdout)) });
 * // {"level":"info","reqId":"req-1","req":{"method":"GET","url":"/",...},"msg":"incoming request"}
 */
export function pinoCompatible(
  logger: Logger,
  options: PinoCompatibleOptions = {},
): PinoCompatibleLogger {
  if (typeof logger !== "object" || logger === null || typeof logger.log !== "function")
    throw new TypeError("pinoCompatible: logger must have a log(fields) method");
  const level = checkLevel(options.level ?? "info", "pinoCompatible");
  const serializers = checkSerializers(options.serializers, "pinoCompatible");
  return new Compat(logger, level, serializers);
}
