import type { Endpoint } from "../endpoint.js";
import type { Balancer } from "./balancer.js";
import { noEndpointsError } from "./balancer.js";
import type { Endpointer } from "./endpointer.js";

/**
 * Creates a {@link Balancer} that hands out the endpointer's endpoints in turn, in their
 * (instance-sorted) order, starting with the first (go-kit's `lb.NewRoundRobin`). When the set
 * changes the turn continues from the same position, modulo the new size. Throws a KitError
 * `unavailable` from `endpoint()` when there are no endpoints.
 *
 * @example
 * const balancer = roundRobin(endpointer);
 * const res = await balancer.endpoint()(ctx, req);
 */
export function roundRobin<Req, Res>(
  endpointer: Pick<Endpointer<Req, Res>, "endpoints">,
): Balancer<Req, Res> {
  if (typeof endpointer?.endpoints !== "function") {
    throw new TypeError("roundRobin: endpointer must have an endpoints() method");
  }
  let counter = 0;
  return {
    endpoint(): Endpoint<Req, Res> {
      const endpoints = endpointer.endpoints();
      if (endpoints.length === 0) throw noEndpointsError();
      const i = counter % endpoints.length;
      counter = i + 1;
      return endpoints[i] as Endpoint<Req, Res>;
    },
  };
}
