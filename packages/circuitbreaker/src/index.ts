/**
 * Circuit breakers for `@kit` endpoints, go-kit's `circuitbreaker` package for TypeScript:
 * {@link circuitBreaker} builds one on cockatiel (consecutive failures as gobreaker does, or a
 * failure ratio over a window as hystrix does) or adapts a cockatiel policy;
 * {@link opossumBreaker} adapts an opossum breaker you made; {@link goKitDefaults} is gobreaker's
 * configuration.
 *
 * Use it on the client side of a call to a dependency that can fail or hang (a remote service, a
 * database): once the dependency keeps failing, callers get `unavailable` at once instead of
 * waiting on it, and it gets room to recover. Place it outside any per-call timeout and inside
 * the rate limiter.
 *
 * @packageDocumentation
 */

export type {
  BreakerObserverOptions,
  BreakerState,
  BuiltBreakerOptions,
  CircuitBreakerMiddleware,
  CircuitBreakerOptions,
  ConsecutiveBreakerOptions,
  PolicyBreakerOptions,
  SamplingBreakerOptions,
} from "./circuit-breaker.js";
export { circuitBreaker } from "./circuit-breaker.js";
export type { IsFailure } from "./failure.js";
export { defaultIsFailure } from "./failure.js";
export { goKitDefaults } from "./go-kit-defaults.js";
export type { OpossumCircuitBreaker } from "./opossum-breaker.js";
export { opossumBreaker } from "./opossum-breaker.js";
