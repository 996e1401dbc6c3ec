/**
 * Rate limiting for `@kit` endpoints (go-kit's `ratelimit`): {@link erroringLimiter} rejects with
 * `resource_exhausted` (HTTP 429) when the budget is spent, {@link delayingLimiter} waits for a
 * token instead, {@link concurrencyLimiter} caps calls in flight (a bulkhead). Budgets come from
 * an in-process {@link tokenBucket} or a {@link redisLimiter} shared by every instance of a
 * service.
 *
 * Use it in front of a service to protect it from overload or abusive callers (per-caller keys),
 * and in front of a client to respect an upstream's quota. Put it outermost in the chain.
 *
 * @packageDocumentation
 */

export type { ConcurrencyLimiter, ConcurrencyLimiterOptions } from "./concurrency-limiter.js";
export { concurrencyLimiter } from "./concurrency-limiter.js";
export type { DelayingLimiterOptions, Waiter } from "./delaying-limiter.js";
export { delayingLimiter } from "./delaying-limiter.js";
export type { Allower, ErroringLimiterOptions, KeyFunc } from "./erroring-limiter.js";
export { erroringLimiter } from "./erroring-limiter.js";
export type { RedisLimiter, RedisLimiterOptions } from "./redis-limiter.js";
export { redisLimiter } from "./redis-limiter.js";
export type { TokenBucket, TokenBucketOptions } from "./token-bucket.js";
export { tokenBucket } from "./token-bucket.js";
