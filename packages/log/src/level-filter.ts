import { type Logger, nopLogger } from "@kit/endpoint";
import { type Bindable, type BindPosition, bindFields, type Fields } from "./fields.js";
import { type Level, levelGate, levelKey, levelRank, recordLevel } from "./level.js";
import { withFields, withPrefix } from "./with-fields.js";

/**
 * The lowest level a {@link levelFilter} lets through: go-kit's `AllowAll`, `AllowDebug`,
 * `AllowInfo`, `AllowWarn`, `AllowError`, `AllowNone`. `"all"` equals `"debug"`.
 *
 * @example
 * const allow: AllowLevel = process.env.DEBUG ? "debug" : "info";
 */
export type AllowLevel = "all" | Level | "none";

/**
 * Options for {@link levelFilter}.
 *
 * @example
 * const options: LevelFilterOptions = { allow: "info", squelchNoLevel: true, errNoLevel: "error" };
 */
export interface LevelFilterOptions {
  /** The lowest level let through. Required. */
  allow: AllowLevel;
  /**
   * Drop records without a level (no `level` field, or one that is not debug, info, warn or
   * error), go-kit's `SquelchNoLevel(true)`. Default `false`: they pass.
   */
  squelchNoLevel?: boolean;
  /**
   * What happens to a record squelched for having no level (only with `squelchNoLevel: true`),
   * go-kit's `ErrNoLevel`: `"drop"` (default) drops it silently; `"error"` writes an error record
   * in its place, `{ level: "error", err: "log record has no level", record: fields }` (unless
   * `allow` is `"none"`), so a missing level shows up instead of vanishing.
   */
  errNoLevel?: "drop" | "error";
}

const allowRank: Readonly<Record<AllowLevel, number>> = Object.freeze({
  all: 0,
  debug: 0,
  info: 1,
  warn: 2,
  error: 3,
  none: 4,
});

interface Resolved {
  readonly min: number;
  readonly squelchNoLevel: boolean;
  readonly errNoLevel: boolean;
}

class LevelFilter implements Bindable {
  constructor(
    private readonly inner: Logger,
    private readonly opts: Resolved,
  ) {}

  log(fields: Fields): void {
    const level = recordLevel(fields);
    if (level !== undefined) {
      if (levelRank[level] >= this.opts.min) this.inner.log(fields);
      return;
    }
    if (!this.opts.squelchNoLevel) {
      this.inner.log(fields);
      return;
    }
    if (this.opts.errNoLevel && levelRank.error >= this.opts.min)
      this.inner.log({ [levelKey]: "error", err: "log record has no level", record: fields });
  }

  [levelGate](level: Level): Logger {
    if (levelRank[level] < this.opts.min) return nopLogger;
    return withPrefix(this.inner, { [levelKey]: level });
  }

  [bindFields](fields: Fields, position: BindPosition): Logger | undefined {
    if (Object.hasOwn(fields, levelKey)) return undefined;
    const inner =
      position === "after" ? withFields(this.inner, fields) : withPrefix(this.inner, fields);
    return new LevelFilter(inner, this.opts);
  }
}

/**
 * A logger that passes on only records at or above `options.allow` (go-kit's `level.NewFilter`),
 * reading each record's `level` field. Records without a level pass unless `squelchNoLevel`.
 *
 * Put it under the level helpers: `info(filtered)` decides once, when called, whether info is
 * allowed, and gives `nopLogger` when it is not, so a disabled level costs one empty call per
 * record and no filtering at all. Fields bound with {@link withFields} are handed to the wrapped
 * logger, so the filter stays outermost. Throws a `TypeError` at construction for an unknown
 * `allow` or `errNoLevel`, or `errNoLevel: "error"` without `squelchNoLevel: true`.
 *
 * @example
 * const logger = levelFilter(logfmtLogger(process.stdout), { allow: "info" });
 * debug(logger).log({ msg: "dropped" }); // debug(logger) is nopLogger
 * info(logger).log({ msg: "written" });  // level=info msg=written
 */
export function levelFilter(logger: Logger, options: LevelFilterOptions): Logger {
  if (typeof logger !== "object" || logger === null || typeof logger.log !== "function")
    throw new TypeError("levelFilter: logger must have a log(fields) method");
  const { allow, squelchNoLevel = false, errNoLevel = "drop" } = options ?? ({} as never);
  if (typeof allow !== "string" || !Object.hasOwn(allowRank, allow))
    throw new TypeError(
      `levelFilter: allow must be one of ${Object.keys(allowRank).join(", ")}, got ${String(allow)}`,
    );
  if (typeof squelchNoLevel !== "boolean")
    throw new TypeError("levelFilter: squelchNoLevel must be a boolean");
  if (errNoLevel !== "drop" && errNoLevel !== "error")
    throw new TypeError(
      `levelFilter: errNoLevel must be "drop" or "error", got ${String(errNoLevel)}`,
    );
  if (errNoLevel === "error" && !squelchNoLevel)
    throw new TypeError('levelFilter: errNoLevel "error" needs squelchNoLevel: true');
  if (logger === nopLogger) return nopLogger;
  return new LevelFilter(logger, {
    min: allowRank[allow],
    squelchNoLevel,
    errNoLevel: errNoLevel === "error",
  });
}
