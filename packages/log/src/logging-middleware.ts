import { failure, type GenericMiddleware, KitError, type Logger } from "@kit/endpoint";
import { withFields } from "./with-fields.js";

/**
 * Options for {@link loggingMiddleware}.
 *
 * @example
 * const options: LoggingMiddlewareOptions = { method: "sum" };
 */
export interface LoggingMiddlewareOptions {
  /** The method name written as `method` on every record. Default: no `method` field. */
  method?: string;
}

function elapsedMs(t0: number): number {
  return Math.round((performance.now() - t0) * 1000) / 1000;
}

/**
 * A middleware that writes one record per call when the call ends (go-kit addsvc's
 * `LoggingMiddleware`): `method` (when given), `took_ms` (wall time in milliseconds, to the
 * microsecond) and, on failure, `err`:
 *
 * - success: `{ method, took_ms }`;
 * - a response that is a `Failer` with an error (a business error): `{ method, took_ms, err }`,
 *   `err` being that error's message;
 * - a throw: `{ method, took_ms, code, err }` with the `KitError` code and message
 *   (`KitError.from` for anything else: `unknown` with its message, `canceled` for an
 *   `AbortError`); the error is rethrown unchanged.
 *
 * Pass a leveled logger (`info(logger)`) to give the records a level. `method` is bound once,
 * here. Throws a `TypeError` when `method` is given but is not a non-empty string.
 *
 * @example
 * const sum = loggingMiddleware(info(logger), { method: "sum" })(sumEndpoint);
 * // level=info method=sum took_ms=0.052
 */
export function loggingMiddleware(
  logger: Logger,
  options: LoggingMiddlewareOptions = {},
): GenericMiddleware {
  if (typeof logger !== "object" || logger === null || typeof logger.log !== "function")
    throw new TypeError("loggingMiddleware: logger must have a log(fields) method");
  const { method } = options;
  if (method !== undefined && (typeof method !== "string" || method === ""))
    throw new TypeError("loggingMiddleware: method must be a non-empty string");
  const bound = method === undefined ? logger : withFields(logger, { method });
  const logThrow = (t0: number, err: unknown): void => {
    const e = KitError.from(err);
    bound.log({ took_ms: elapsedMs(t0), code: e.code, err: e.message });
  };
  // Not an async function: two reactions on next's promise cost less than an async frame.
  return (next) => (ctx, request) => {
    const t0 = performance.now();
    let pending: ReturnType<typeof next>;
    try {
      pending = next(ctx, request);
    } catch (err) {
      pending = Promise.reject(err);
    }
    return pending.then(
      (response) => {
        const failed = failure(response);
        if (failed === undefined) bound.log({ took_ms: elapsedMs(t0) });
        else bound.log({ took_ms: elapsedMs(t0), err: failed.message });
        return response;
      },
      (err: unknown) => {
        logThrow(t0, err);
        throw err;
      },
    );
  };
}
