import type { Endpoint } from "../endpoint.js";
import type { Balancer } from "./balancer.js";
import { noEndpointsError } from "./balancer.js";
import type { Endpointer } from "./endpointer.js";
import { pick } from "./random.js";

/** Options for {@link leastPending}. */
export interface LeastPendingOptions {
  /**
   * The source of randomness: returns a number in [0, 1), like `Math.random`. Inject a seeded
   * generator for reproducible tests. Default: `Math.random`.
   */
  random?: () => number;
}

/**
 * Creates a {@link Balancer} that uses the power of two choices: it picks two distinct endpoints
 * at random and returns the one with fewer calls in flight (the first pick on a tie). With one
 * endpoint it returns that one.
 *
 * The returned endpoint counts its calls: the count goes up when it is called and down when the
 * call settles, resolved or rejected. Counts are kept per underlying endpoint, so they survive
 * endpointer updates, and per balancer, so two balancers do not share them. Throws a KitError
 * `unavailable` from `endpoint()` when there are no endpoints; a TypeError at construction for
 * bad options.
 *
 * @example
 * const balancer = leastPending(endpointer);
 * const res = await balancer.endpoint()(ctx, req);
 */
export function leastPending<Req, Res>(
  endpointer: Pick<Endpointer<Req, Res>, "endpoints">,
  options: LeastPendingOptions = {},
): Balancer<Req, Res> {
  const { random: rand = Math.random } = options;
  if (typeof endpointer?.endpoints !== "function") {
    throw new TypeError("leastPending: endpointer must have an endpoints() method");
  }
  if (typeof rand !== "function") {
    throw new TypeError("leastPending: options.random must be a function");
  }

  const pending = new WeakMap<Endpoint<Req, Res>, number>();
  const tracked = new WeakMap<Endpoint<Req, Res>, Endpoint<Req, Res>>();

  const track = (endpoint: Endpoint<Req, Res>): Endpoint<Req, Res> => {
    let wrapped = tracked.get(endpoint);
    if (wrapped) return wrapped;
    wrapped = async (ctx, request) => {
      pending.set(endpoint, (pending.get(endpoint) ?? 0) + 1);
      try {
        return await endpoint(ctx, request);
      } finally {
        pending.set(endpoint, (pending.get(endpoint) ?? 1) - 1);
      }
    };
    tracked.set(endpoint, wrapped);
    return wrapped;
  };

  return {
    endpoint(): Endpoint<Req, Res> {
      const endpoints = endpointer.endpoints();
      const n = endpoints.length;
      if (n === 0) throw noEndpointsError();
      if (n === 1) return track(endpoints[0] as Endpoint<Req, Res>);
      const i = pick(rand, n);
      let j = pick(rand, n - 1);
      if (j >= i) j++;
      const a = endpoints[i] as Endpoint<Req, Res>;
      const b = endpoints[j] as Endpoint<Req, Res>;
      return track((pending.get(b) ?? 0) < (pending.get(a) ?? 0) ? b : a);
    },
  };
}
