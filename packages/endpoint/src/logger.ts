/**
 * The logging contract every package writes to (go-kit's `log.Logger`): one structured record
 * per call, as key/value fields. `@kit/log` provides writers and levels; any object with `log`
 * fits.
 *
 * @example
 * logger.log({ level: "info", method: "sum", took_ms: 0.4 });
 */
export interface Logger {
  /** Writes one record. Must not throw; a logger that cannot write drops the record. */
  log(fields: Record<string, unknown>): void;
}

/** A {@link Logger} that discards every record: the default wherever a logger is optional. */
export const nopLogger: Logger = Object.freeze({ log(): void {} });
