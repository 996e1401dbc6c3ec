import type { Context, GenericMiddleware } from "@kit/endpoint";
import { KitError } from "@kit/endpoint";

/**
 * Decides, without waiting, whether one more request under `key` may pass now (go-kit's
 * `ratelimit.Allower`). {@link tokenBucket} and {@link redisLimiter} implement it; any object
 * with this one method fits.
 *
 * `key` names the budget: `""` unless the middleware was given a `key` function. A rejection
 * from an asynchronous `allow` (a distributed limiter that cannot reach its store) is passed
 * through unchanged, so make it a `KitError`.
 *
 * @example
 * let calls = 0;
 * const everyOther: Allower = { allow: () => calls++ % 2 === 0 };
 */
export interface Allower {
  /** Takes one token for `key` and returns `true`, or returns `false` and takes nothing. */
  allow(key: string): boolean | Promise<boolean>;
}

/**
 * Picks the budget a request is counted against: a caller id, an API key, a tenant. The default
 * is one budget for every request through the middleware (the key `""`).
 *
 * @example
 * const byApiKey: KeyFunc = (ctx) => incomingMetadata(ctx).get("x-api-key") ?? "anonymous";
 */
export type KeyFunc = (ctx: Context, request: unknown) => string;

/** Options for {@link erroringLimiter}. */
export interface ErroringLimiterOptions {
  /**
   * The budget each request is counted against, computed per call. Default: one budget for
   * every request (the key `""`), so one limiter per endpoint limits that endpoint.
   */
  key?: KeyFunc;
}

/** The default {@link KeyFunc}: one budget for every request. */
export const defaultKey: KeyFunc = () => "";

/** The error the erroring limiter rejects with when the budget is spent. */
function rateLimitExceeded(): KitError {
  return new KitError("resource_exhausted", "rate limit exceeded");
}

/**
 * A middleware that rejects with `KitError("resource_exhausted", "rate limit exceeded")` when
 * `allower.allow(key)` says no, and calls the endpoint otherwise; it never queues (go-kit's
 * `ratelimit.NewErroringLimiter`). Transports answer that code with HTTP 429 and gRPC
 * `RESOURCE_EXHAUSTED`. Rejections from the allower itself (for example {@link redisLimiter}
 * failing closed with `unavailable`) pass through.
 *
 * The budget belongs to the allower: give each endpoint its own {@link tokenBucket} for
 * per-endpoint limits, or a `key` function for per-caller ones.
 *
 * @example
 * const limited = erroringLimiter(tokenBucket({ ratePerSec: 100, burst: 10 }))(sum);
 * const perCaller = erroringLimiter(tokenBucket({ ratePerSec: 5, burst: 5 }), {
 *   key: (ctx) => incomingMetadata(ctx).get("x-api-key") ?? "anonymous",
 * })(sum);
 */
export function erroringLimiter(
  allower: Allower,
  options: ErroringLimiterOptions = {},
): GenericMiddleware {
  if (typeof allower?.allow !== "function")
    throw new TypeError("erroringLimiter: allower must have an allow(key) method");
  const { key } = options;
  if (key !== undefined && typeof key !== "function")
    throw new TypeError("erroringLimiter: key must be a function (ctx, request) => string");

  const keyOf: KeyFunc = key ?? defaultKey;

  // Not an async function: on the common synchronous path the call hands back next's own
  // promise, without an async frame of its own. Every throw still ends as a rejection.
  return (next) => (ctx, request) => {
    try {
      const ok = allower.allow(keyOf(ctx, request));
      if (ok === true) return next(ctx, request);
      if (ok === false) return Promise.reject(rateLimitExceeded());
      return Promise.resolve(ok).then((allowed) => {
        if (!allowed) throw rateLimitExceeded();
        return next(ctx, request);
      });
    } catch (err) {
      return Promise.reject(err);
    }
  };
}
