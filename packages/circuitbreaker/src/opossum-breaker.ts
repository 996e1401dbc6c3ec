import type { Endpoint, GenericMiddleware } from "@kit/endpoint";
import { KitError, withCancel } from "@kit/endpoint";

/**
 * The part of an opossum `CircuitBreaker` this package uses: `fire`, called with one argument,
 * a thunk that runs the endpoint. Create the breaker around a passthrough action,
 * `new CircuitBreaker((call) => call(), options)`, so each `fire(thunk)` runs `thunk()` under
 * opossum's timeout, statistics and open / half-open logic. Declared here, so this package needs
 * opossum neither at run time nor for its types.
 *
 * @example
 * import CircuitBreaker from "opossum";
 * const breaker: OpossumCircuitBreaker = new CircuitBreaker(
 *   (call: () => Promise<unknown>) => call(), { timeout: 3_000, resetTimeout: 30_000 });
 */
export interface OpossumCircuitBreaker {
  /** Runs the breaker's action with `thunk`; rejects with opossum's coded errors. */
  fire(thunk: () => Promise<unknown>): Promise<unknown>;
}

const notThrown: unique symbol = Symbol("notThrown");

/**
 * Guards endpoints with an opossum breaker you made and configured (go-kit's
 * `circuitbreaker.Hystrix` counterpart), for when you already run opossum or want its rolling
 * statistics, fallbacks and events. Each call goes through `breaker.fire(() => next(ctx, req))`;
 * see {@link OpossumCircuitBreaker} for how to make the breaker.
 *
 * Opossum's own rejections become KitErrors with the original as `cause`: `EOPENBREAKER` (open)
 * and `ESHUTDOWN` (shut down) are `unavailable`, `ETIMEDOUT` (its `timeout` passed) is
 * `deadline_exceeded` and also cancels the context the endpoint got, `ESEMLOCKED` (its
 * `capacity` is full) is `resource_exhausted`. The endpoint's own rejections pass through
 * unchanged. Opossum counts every rejection unless you give it an `errorFilter` (returning
 * `true` means "not a failure"): `errorFilter: (err) => !defaultIsFailure(err)` matches
 * {@link circuitBreaker}'s default. A `fallback`'s value is returned as the response, so it must
 * have the endpoint's response type. Log state changes with `breaker.on("open", ...)`.
 *
 * Throws a `TypeError` at construction when `breaker` has no `fire` method.
 *
 * @example
 * const breaker = new CircuitBreaker((call: () => Promise<unknown>) => call(),
 *   { timeout: 1_000, errorThresholdPercentage: 50, resetTimeout: 30_000 });
 * const sum = opossumBreaker(breaker)(remoteSum);
 */
export function opossumBreaker(breaker: OpossumCircuitBreaker): GenericMiddleware {
  if (typeof breaker !== "object" || breaker === null || typeof breaker.fire !== "function")
    throw new TypeError("opossumBreaker: breaker must be an opossum CircuitBreaker (with fire())");
  return <Req, Res>(next: Endpoint<Req, Res>): Endpoint<Req, Res> =>
    async (ctx, request) => {
      const [child, cancel] = withCancel(ctx);
      let thrown: unknown = notThrown;
      try {
        return (await breaker.fire(() =>
          next(child, request).catch((err: unknown) => {
            thrown = err;
            throw err;
          }),
        )) as Res; // opossum resolves with the action's value (or the fallback's, see above)
      } catch (err) {
        if (err === thrown) throw err;
        const mapped = fromOpossum(err);
        if (mapped === undefined) throw err;
        if (mapped.code === "deadline_exceeded") cancel(mapped);
        throw mapped;
      } finally {
        cancel();
      }
    };
}

function fromOpossum(err: unknown): KitError | undefined {
  const code =
    typeof err === "object" && err !== null ? (err as { code?: unknown }).code : undefined;
  switch (code) {
    case "EOPENBREAKER":
      return new KitError("unavailable", "circuit breaker is open", { cause: err });
    case "ESHUTDOWN":
      return new KitError("unavailable", "circuit breaker is shut down", { cause: err });
    case "ETIMEDOUT":
      return new KitError("deadline_exceeded", "circuit breaker timed out", { cause: err });
    case "ESEMLOCKED":
      return new KitError("resource_exhausted", "circuit breaker is at capacity", { cause: err });
    default:
      return undefined;
  }
}
