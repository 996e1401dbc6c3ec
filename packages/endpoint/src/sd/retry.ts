import type { Context } from "../context.js";
import { contextError, endReason, whenDone, withTimeout } from "../context.js";
import type { Endpoint } from "../endpoint.js";
import { isKitError, KitError } from "../errors.js";
import type { Balancer } from "./balancer.js";

/** Options for {@link retry}. */
export interface RetryOptions {
  /**
   * Whether failure number `n` (1-based) deserves another attempt; `err` is what it threw.
   * Consulted after each failed attempt but the last. Default: always.
   */
  shouldRetry?: (n: number, err: unknown) => boolean;
}

/** The largest delay `setTimeout` honours (about 24.8 days). */
const maxTimeoutMs = 2 ** 31 - 1;

const always = (): boolean => true;

/**
 * Wraps a {@link Balancer} into one endpoint that retries failed calls (go-kit's `lb.Retry`):
 * up to `max` attempts, each on a fresh endpoint from the balancer, all within one budget of
 * `timeoutMs` milliseconds. Attempts follow each other at once, without back-off.
 *
 * Every attempt runs under a context derived with `withTimeout(ctx, timeoutMs)`, so it also ends
 * with the caller's deadline or abort. When that context ends, the call stops at once, without
 * waiting for the attempt in flight.
 *
 * A balancer that throws (KitError `unavailable` "no endpoints available") counts as a failed
 * attempt. When the call gives up, it rejects with one {@link KitError} for all failures:
 * - `code` is the last failure's (`KitError.from(last).code`): the attempt's own code after
 *   `max` attempts or a `shouldRetry` refusal; `deadline_exceeded` when the budget or the
 *   caller's deadline ran out; `canceled` (or the code of the caller's KitError reason) when the
 *   caller aborted. The context's end is itself the last failure in that case.
 * - `message` is the last failure's message followed by the others, oldest first:
 *   `"boom 3 (previously: boom 1; boom 2)"`. Only KitError messages are repeated (they are
 *   client-safe); any other failure appears as `unexpected error`, so a transport that sends this
 *   message never leaks an internal one.
 * - `cause` is an `AggregateError` whose `errors` are every failure as thrown, in order.
 *
 * Throws a TypeError at construction unless `max` is an integer >= 1 and `timeoutMs` a finite
 * number in (0, 2147483647].
 *
 * @example
 * const sum = retry(3, 500, roundRobin(endpointer), {
 *   shouldRetry: (_n, err) => !isKitError(err) || err.code === "unavailable",
 * });
 * const res = await sum(ctx, { a: 1, b: 2 });
 */
export function retry<Req, Res>(
  max: number,
  timeoutMs: number,
  balancer: Balancer<Req, Res>,
  options: RetryOptions = {},
): Endpoint<Req, Res> {
  const { shouldRetry = always } = options;
  if (!Number.isInteger(max) || max < 1) {
    throw new TypeError(`retry: max must be an integer >= 1, got ${max}`);
  }
  if (!(Number.isFinite(timeoutMs) && timeoutMs > 0 && timeoutMs <= maxTimeoutMs)) {
    throw new TypeError(
      `retry: timeoutMs must be a finite number in (0, ${maxTimeoutMs}], got ${timeoutMs}`,
    );
  }
  if (typeof balancer?.endpoint !== "function") {
    throw new TypeError("retry: balancer must have an endpoint() method");
  }
  if (typeof shouldRetry !== "function") {
    throw new TypeError("retry: options.shouldRetry must be a function");
  }

  return async (ctx: Context, request: Req): Promise<Res> => {
    // The attempts' context is watched through whenDone/endReason, never its signal: reading
    // ctx.signal would create an AbortController (and, on cancel, an error with a stack) per call.
    const [attemptCtx, cancel] = withTimeout(ctx, timeoutMs);
    const errors: unknown[] = [];
    try {
      for (let n = 1; ; n++) {
        const ended = contextError(attemptCtx);
        if (ended !== undefined) {
          errors.push(ended);
          break;
        }
        let failure: unknown;
        try {
          const endpoint = balancer.endpoint();
          return await untilDone(endpoint(attemptCtx, request), attemptCtx);
        } catch (err) {
          failure = err;
        }
        const reason = endReason(attemptCtx);
        if (reason !== undefined) {
          // The context's end is the final failure, whatever the attempt said about it.
          if (failure !== reason) errors.push(failure);
          errors.push(contextError(attemptCtx));
          break;
        }
        errors.push(failure);
        if (n >= max || !shouldRetry(n, failure)) break;
      }
    } finally {
      cancel();
    }
    throw aggregate(errors);
  };
}

/** Settles like `promise`, or rejects with the context's end reason as soon as `ctx` ends. */
function untilDone<T>(promise: Promise<T>, ctx: Context): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    // Registered first: when the endpoint already ended the context, this rejects at once.
    const forget = whenDone(ctx, reject);
    promise.then(
      (value) => {
        forget();
        resolve(value);
      },
      (err: unknown) => {
        forget();
        reject(err);
      },
    );
  });
}

/** One KitError for all failures: the last one's code, every message, the raw errors as cause. */
function aggregate(errors: readonly unknown[]): KitError {
  const last = errors[errors.length - 1];
  const earlier = errors.slice(0, -1).map(messageOf);
  const message =
    earlier.length === 0
      ? messageOf(last)
      : `${messageOf(last)} (previously: ${earlier.join("; ")})`;
  return new KitError(KitError.from(last).code, message, {
    cause: new AggregateError(errors, message),
  });
}

/** A client-safe message: a KitError's own, a generic one for anything else. */
function messageOf(err: unknown): string {
  return isKitError(err) ? err.message : "unexpected error";
}
