import type { Context, Endpoint, Failer } from "@kit/endpoint";
import { isKitError, KitError } from "@kit/endpoint";
import { response } from "../endpoint/set.js";
import { errIntOverflow, errMaxSizeExceeded, errTwoZeroes } from "../service/service.js";

const known = new Map<string, KitError>(
  [errTwoZeroes, errIntOverflow, errMaxSizeExceeded].map((e) => [e.message, e]),
);

/**
 * The business error a peer reported by message (go-kit's `str2err`): the service's own error
 * for a known message, an `invalid_argument` KitError for another, `undefined` for none.
 */
export function businessErrorFromMessage(message: string | undefined): KitError | undefined {
  if (!message) return undefined;
  return known.get(message) ?? new KitError("invalid_argument", message);
}

/**
 * Wraps a client endpoint so that a rejection carrying one of the service's business error
 * messages becomes a response with that error again (go-kit's `str2err`). HTTP answers business
 * errors with 400 and JSON-RPC with an error object, so clients see them as rejections.
 */
export function keepBusinessErrors<Req, V>(
  endpoint: Endpoint<Req, { v: V }>,
  empty: V,
): Endpoint<Req, { v: V; err: Error | undefined } & Failer> {
  return async (ctx: Context, request: Req) => {
    try {
      return response((await endpoint(ctx, request)).v, undefined);
    } catch (err) {
      const business = isKitError(err) ? known.get(err.message) : undefined;
      if (business) return response(empty, business);
      throw err;
    }
  };
}
