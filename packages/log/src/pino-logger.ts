import type { Logger } from "@kit/endpoint";
import { levelKey } from "./level.js";
import { isValuer } from "./valuer.js";

/**
 * pino's level names, lowest first.
 *
 * @example
 * const noLevel: PinoLevel = "warn";
 */
export type PinoLevel = "trace" | "debug" | "info" | "warn" | "error" | "fatal";

/**
 * The part of a pino logger {@link pinoLogger} uses: one method per level taking a merge object.
 * A `pino()` instance (pino 9 or 10) or a pino child fits; declared here so this package needs no
 * pino types.
 *
 * @example
 * const sink: PinoSink = pino({ level: "debug" });
 */
export interface PinoSink {
  /** Logs at `trace`. */
  trace(obj: object): void;
  /** Logs at `debug`. */
  debug(obj: object): void;
  /** Logs at `info`. */
  info(obj: object): void;
  /** Logs at `warn`. */
  warn(obj: object): void;
  /** Logs at `error`. */
  error(obj: object): void;
  /** Logs at `fatal`. */
  fatal(obj: object): void;
}

/**
 * Options for {@link pinoLogger}.
 *
 * @example
 * const logger = pinoLogger(pino(), { noLevel: "debug" } satisfies PinoLoggerOptions);
 */
export interface PinoLoggerOptions {
  /** The pino level of records without a recognised `level` field. Default `"info"`. */
  noLevel?: PinoLevel;
}

const pinoLevels: ReadonlySet<string> = new Set<PinoLevel>([
  "trace",
  "debug",
  "info",
  "warn",
  "error",
  "fatal",
]);

/**
 * A kit {@link Logger} that writes through a pino logger you made: the record's `level` field
 * (`debug`, `info`, `warn`, `error`, also `trace` and `fatal`) picks the pino method and is
 * removed from the fields, so pino writes its own numeric `level`; records without one, or with
 * another `level` value (dropped, as pino owns that key), go to `options.noLevel`. The other fields become pino's merge object, in order, with {@link Valuer}s
 * evaluated. An `Error` under `err` stays an Error for pino's `err` serializer; one under any
 * other key becomes its message. pino's own level, serializers, redaction and transports all
 * apply as configured. pino is an optional peer dependency: this package never imports it.
 *
 * Throws a `TypeError` when `pino` lacks a level method or `noLevel` is not a pino level.
 *
 * @example
 * import pino from "pino";
 * const logger = pinoLogger(pino({ level: "debug" }));
 * info(logger).log({ msg: "listening", port: 8080 }); // {"level":30,...,"port":8080,"msg":"listening"}
 */
export function pinoLogger(pino: PinoSink, options: PinoLoggerOptions = {}): Logger {
  if (typeof pino !== "object" || pino === null)
    throw new TypeError("pinoLogger: pino must be a pino logger");
  for (const level of pinoLevels)
    if (typeof (pino as unknown as Record<string, unknown>)[level] !== "function")
      throw new TypeError(`pinoLogger: pino has no ${level}() method`);
  const { noLevel = "info" } = options;
  if (!pinoLevels.has(noLevel))
    throw new TypeError(`pinoLogger: noLevel must be a pino level, got ${String(noLevel)}`);
  return {
    log(fields: Record<string, unknown>): void {
      try {
        let method: string = noLevel;
        const obj: Record<string, unknown> = {};
        for (const key in fields) {
          let v = fields[key];
          if (isValuer(v)) v = v();
          if (key === levelKey) {
            if (typeof v === "string" && pinoLevels.has(v)) method = v;
          } else obj[key] = v instanceof Error && key !== "err" ? v.message : v;
        }
        pino[method as PinoLevel](obj);
      } catch {
        // A logger never throws.
      }
    },
  };
}
