import { circuitBreaker, goKitDefaults } from "@kit/circuitbreaker";
import { chain } from "@kit/endpoint";
import { erroringLimiter, tokenBucket } from "@kit/ratelimit";
import type { AddEndpoints } from "./set.js";

/** A token-bucket limit: `ratePerSec` tokens a second, at most `burst` at once. */
export interface Limit {
  readonly ratePerSec: number;
  readonly burst: number;
}

/** The limit of each endpoint. */
export interface Limits {
  readonly sum: Limit;
  readonly concat: Limit;
}

/** go-kit addsvc's limits: `Sum` 1/s with burst 1, `Concat` 1/s with burst 100. */
export const goKitLimits: Limits = Object.freeze({
  sum: Object.freeze({ ratePerSec: 1, burst: 1 }),
  concat: Object.freeze({ ratePerSec: 1, burst: 100 }),
});

/**
 * Wraps each endpoint as go-kit's addsvc does, with a rate limiter and a circuit breaker (go-kit's
 * defaults: opens after more than 5 consecutive failures, 60 s open, then one probe).
 *
 * The limiter is outermost: a request over the rate is refused with `resource_exhausted` (429 /
 * RESOURCE_EXHAUSTED) before it reaches the breaker, so a burst of callers never trips the
 * breaker (go-kit puts the limiter inside the breaker, where rejections count as failures). The
 * breaker sits outside anything that can time out, so deadline failures count.
 *
 * @example
 * const endpoints = withResilience(makeEndpoints(addService()), goKitLimits);
 */
export function withResilience(endpoints: AddEndpoints, limits: Limits): AddEndpoints {
  return {
    sum: chain(
      erroringLimiter(tokenBucket(limits.sum)),
      circuitBreaker(goKitDefaults),
    )(endpoints.sum),
    concat: chain(
      erroringLimiter(tokenBucket(limits.concat)),
      circuitBreaker(goKitDefaults),
    )(endpoints.concat),
  };
}
