import type { Context, GenericMiddleware } from "@kit/endpoint";
import type { KeyFunc } from "./erroring-limiter.js";
import { defaultKey } from "./erroring-limiter.js";

/**
 * Waits until one more request under `key` may pass (go-kit's `ratelimit.Waiter`, over
 * `golang.org/x/time/rate`'s `Wait`). {@link tokenBucket} implements it.
 *
 * A waiter must honour `ctx`: reject with `canceled` (or the context's own reason) when
 * `ctx.signal` aborts, and with `deadline_exceeded` at once, without waiting, when the wait
 * would end after `ctx.deadline`. A wait that ends early must give back its place.
 *
 * @example
 * const waiter: Waiter = tokenBucket({ ratePerSec: 10, burst: 1 });
 * await waiter.wait(ctx, "");
 */
export interface Waiter {
  /** Resolves when a token for `key` has been taken; rejects with a `KitError` as above. */
  wait(ctx: Context, key: string): Promise<void>;
}

/** Options for {@link delayingLimiter}. */
export interface DelayingLimiterOptions {
  /**
   * The budget each request is counted against, computed per call. Default: one budget for
   * every request (the key `""`).
   */
  key?: KeyFunc;
}

/**
 * A middleware that waits for a token before calling the endpoint instead of failing (go-kit's
 * `ratelimit.NewDelayingLimiter`). It rejects with `canceled` when `ctx.signal` aborts while
 * waiting, and with `deadline_exceeded` at once when the wait would outlast `ctx.deadline`; in
 * both cases the endpoint is not called and no timer or listener is left behind.
 *
 * Use it for background jobs and clients that should slow down rather than fail; put a
 * deadline on the context, or requests queue for as long as the rate demands.
 *
 * @example
 * const paced = delayingLimiter(tokenBucket({ ratePerSec: 50, burst: 1 }))(callUpstream);
 */
export function delayingLimiter(
  waiter: Waiter,
  options: DelayingLimiterOptions = {},
): GenericMiddleware {
  if (typeof waiter?.wait !== "function")
    throw new TypeError("delayingLimiter: waiter must have a wait(ctx, key) method");
  const { key } = options;
  if (key !== undefined && typeof key !== "function")
    throw new TypeError("delayingLimiter: key must be a function (ctx, request) => string");

  const keyOf: KeyFunc = key ?? defaultKey;

  return (next) => async (ctx, request) => {
    await waiter.wait(ctx, keyOf(ctx, request));
    return next(ctx, request);
  };
}
