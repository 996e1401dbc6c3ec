import type { Endpoint } from "../endpoint.js";
import type { Balancer } from "./balancer.js";
import { noEndpointsError } from "./balancer.js";
import type { Endpointer } from "./endpointer.js";

/** Options for {@link random}. */
export interface RandomOptions {
  /**
   * The source of randomness: returns a number in [0, 1), like `Math.random`. Inject a seeded
   * generator for reproducible tests. Default: `Math.random`.
   */
  random?: () => number;
}

/**
 * Creates a {@link Balancer} that picks one of the endpointer's endpoints uniformly at random on
 * each call (go-kit's `lb.NewRandom`). Throws a KitError `unavailable` from `endpoint()` when
 * there are no endpoints; throws a TypeError at construction for bad options.
 *
 * @example
 * const balancer = random(endpointer);
 * const res = await balancer.endpoint()(ctx, req);
 */
export function random<Req, Res>(
  endpointer: Pick<Endpointer<Req, Res>, "endpoints">,
  options: RandomOptions = {},
): Balancer<Req, Res> {
  const { random: rand = Math.random } = options;
  if (typeof endpointer?.endpoints !== "function") {
    throw new TypeError("random: endpointer must have an endpoints() method");
  }
  if (typeof rand !== "function") throw new TypeError("random: options.random must be a function");
  return {
    endpoint(): Endpoint<Req, Res> {
      const endpoints = endpointer.endpoints();
      if (endpoints.length === 0) throw noEndpointsError();
      return endpoints[pick(rand, endpoints.length)] as Endpoint<Req, Res>;
    },
  };
}

/** An index in [0, n) from `rand`, clamped so that a generator returning 1 stays in range. */
export function pick(rand: () => number, n: number): number {
  const i = Math.floor(rand() * n);
  return i < 0 ? 0 : i >= n ? n - 1 : i;
}
