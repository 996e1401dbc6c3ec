const valuerBrand: unique symbol = Symbol.for("@kit/log.valuer") as never;

/**
 * A field value computed when each record is written, not when the field is bound (go-kit's
 * `log.Valuer`): put one in {@link withFields} or {@link withPrefix} and every record gets a
 * fresh value. Make one with {@link valuer}; a plain function is not a Valuer.
 *
 * @example
 * const requests: Valuer = valuer(() => inFlight.size);
 */
export interface Valuer {
  /** Computes the value for the record being written. */
  (): unknown;
  /** The brand {@link isValuer} checks, shared by every copy of this package. */
  readonly [valuerBrand]: true;
}

/**
 * Marks `fn` as a {@link Valuer}: loggers call it once per record and write what it returns.
 * `fn` must not throw (a writer that catches a throw drops the record) and should be cheap: it
 * runs on every record.
 *
 * @example
 * const logger = withFields(logfmtLogger(process.stdout), { heap: valuer(() => process.memoryUsage().heapUsed) });
 */
export function valuer(fn: () => unknown): Valuer {
  if (typeof fn !== "function") throw new TypeError("valuer: fn must be a function");
  const v = (() => fn()) as unknown as { [valuerBrand]: true };
  Object.defineProperty(v, valuerBrand, { value: true });
  return v as unknown as Valuer;
}

/**
 * Tells whether `value` is a {@link Valuer} (made by {@link valuer}, in any copy of this package).
 *
 * @example
 * const plain = isValuer(v) ? v() : v;
 */
export function isValuer(value: unknown): value is Valuer {
  return (
    typeof value === "function" && (value as { [valuerBrand]?: unknown })[valuerBrand] === true
  );
}

/**
 * A {@link Valuer} giving the current time as an RFC 3339 UTC string with milliseconds
 * (`2026-11-25T13:29:42.123Z`, `Date.prototype.toISOString`), go-kit's `DefaultTimestampUTC`.
 * It reads `Date.now()`, so fake timers drive it.
 *
 * @example
 * const logger = withPrefix(logfmtLogger(process.stdout), { ts: timestampUTC });
 */
export const timestampUTC: Valuer = valuer(isoClock());

/**
 * `Date.now()` as an ISO string, formatted once per millisecond: records written within the same
 * millisecond share the string instead of each formatting a `Date`.
 */
function isoClock(): () => string {
  let lastMs = Number.NaN;
  let lastIso = "";
  return () => {
    const ms = Date.now();
    if (ms !== lastMs) {
      lastIso = new Date(ms).toISOString();
      lastMs = ms;
    }
    return lastIso;
  };
}
