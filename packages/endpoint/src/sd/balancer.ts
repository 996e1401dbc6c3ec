import type { Endpoint } from "../endpoint.js";
import { KitError } from "../errors.js";

/**
 * Picks one endpoint from many (go-kit's `lb.Balancer`). Where go-kit returns an error, this
 * throws: a {@link KitError} `unavailable` ("no endpoints available") when there is nothing to
 * pick from.
 *
 * @example
 * const balancer: Balancer<SumReq, SumRes> = roundRobin(endpointer);
 * const res = await balancer.endpoint()(ctx, { a: 1, b: 2 });
 */
export interface Balancer<Req, Res> {
  /** One endpoint to call now. Throws KitError `unavailable` when there are none. */
  endpoint(): Endpoint<Req, Res>;
}

/**
 * The error every balancer throws when its endpointer has no endpoints: a {@link KitError}
 * `unavailable`, "no endpoints available". A new instance each time, so stacks stay accurate.
 */
export function noEndpointsError(): KitError {
  return new KitError("unavailable", "no endpoints available");
}
