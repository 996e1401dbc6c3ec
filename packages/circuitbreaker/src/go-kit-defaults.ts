import type { ConsecutiveBreakerOptions } from "./circuit-breaker.js";

/**
 * gobreaker's defaults, which go-kit's `circuitbreaker.Gobreaker` middleware gets from
 * `gobreaker.NewCircuitBreaker(gobreaker.Settings{})`:
 *
 * | gobreaker | value | here |
 * | --- | --- | --- |
 * | `ReadyToTrip` | `counts.ConsecutiveFailures > 5` | `breaker: "consecutive", threshold: 6`: the 6th consecutive failure opens |
 * | `Timeout` | 60 s open | `halfOpenAfterMs: 60_000` |
 * | `MaxRequests` | 1 probe while half-open | one probe; other calls fail fast with `unavailable` |
 * | `Interval` | 0: counts are cleared only by a success | a success resets the count |
 *
 * go-kit's addsvc example also sets `Timeout: 30 * time.Second`: spread and override,
 * `{ ...goKitDefaults, halfOpenAfterMs: 30_000 }`.
 *
 * @example
 * const breaker = circuitBreaker({ ...goKitDefaults, onStateChange: (state) => logger.log({ state }) });
 */
export const goKitDefaults: Readonly<
  ConsecutiveBreakerOptions & { threshold: 6; halfOpenAfterMs: 60_000 }
> = Object.freeze({
  breaker: "consecutive",
  threshold: 6,
  halfOpenAfterMs: 60_000,
});
