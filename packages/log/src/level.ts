import { type Logger, nopLogger } from "@kit/endpoint";
import { withPrefix } from "./with-fields.js";

/**
 * The four levels of go-kit's `log/level`, lowest first.
 *
 * @example
 * const level: Level = "warn";
 */
export type Level = "debug" | "info" | "warn" | "error";

/**
 * The key the level helpers write the level under: `level` (go-kit's `level.Key()`).
 *
 * @example
 * logger.log({ [levelKey]: "info", msg: "same as info(logger).log({ msg })" });
 */
export const levelKey = "level";

/** Each level's rank, lowest first. */
export const levelRank: Readonly<Record<Level, number>> = Object.freeze({
  debug: 0,
  info: 1,
  warn: 2,
  error: 3,
});

/** The level a record carries (its `level` field, if one of the four), else `undefined`. */
export function recordLevel(fields: Record<string, unknown>): Level | undefined {
  const v = fields[levelKey];
  return typeof v === "string" && Object.hasOwn(levelRank, v) ? (v as Level) : undefined;
}

/**
 * The internal hook of a {@link levelFilter}: the logger for records of one fixed level,
 * decided once (`nopLogger` when the filter would drop them).
 */
export const levelGate: unique symbol = Symbol("@kit/log.levelGate") as never;

interface Gated extends Logger {
  [levelGate](level: Level): Logger;
}

function leveled(logger: Logger, level: Level): Logger {
  if (typeof logger !== "object" || logger === null || typeof logger.log !== "function")
    throw new TypeError(`${level}: logger must have a log(fields) method`);
  if (logger === nopLogger) return nopLogger;
  const gate = (logger as Partial<Gated>)[levelGate];
  if (typeof gate === "function") return gate.call(logger, level);
  return withPrefix(logger, { [levelKey]: level });
}

/**
 * A logger whose records start with `level=debug` (go-kit's `level.Debug`). Over a
 * {@link levelFilter} that drops debug records it is `nopLogger` itself, decided here: a disabled
 * level costs one empty function call per record.
 *
 * @example
 * debug(logger).log({ msg: "cache miss", key });
 */
export function debug(logger: Logger): Logger {
  return leveled(logger, "debug");
}

/**
 * A logger whose records start with `level=info` (go-kit's `level.Info`); `nopLogger` over a
 * {@link levelFilter} that drops info records.
 *
 * @example
 * info(logger).log({ msg: "listening", port: 8080 });
 */
export function info(logger: Logger): Logger {
  return leveled(logger, "info");
}

/**
 * A logger whose records start with `level=warn` (go-kit's `level.Warn`); `nopLogger` over a
 * {@link levelFilter} that drops warn records.
 *
 * @example
 * warn(logger).log({ msg: "retrying", attempt: 2 });
 */
export function warn(logger: Logger): Logger {
  return leveled(logger, "warn");
}

/**
 * A logger whose records start with `level=error` (go-kit's `level.Error`); `nopLogger` over a
 * {@link levelFilter} that drops error records.
 *
 * @example
 * error(logger).log({ msg: "lease lost", err });
 */
export function error(logger: Logger): Logger {
  return leveled(logger, "error");
}
