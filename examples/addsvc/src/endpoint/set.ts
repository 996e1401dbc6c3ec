import type { Endpoint, Failer } from "@kit/endpoint";
import type { AddService } from "../service/service.js";
import { isBusinessError } from "../service/service.js";

/** The request of `Sum`. */
export interface SumRequest {
  readonly a: bigint;
  readonly b: bigint;
}

/** The response of `Sum`: the result or, as a {@link Failer}, a business error. */
export interface SumResponse extends Failer {
  readonly v: bigint;
  readonly err: Error | undefined;
}

/** The request of `Concat`. */
export interface ConcatRequest {
  readonly a: string;
  readonly b: string;
}

/** The response of `Concat`: the result or, as a {@link Failer}, a business error. */
export interface ConcatResponse extends Failer {
  readonly v: string;
  readonly err: Error | undefined;
}

/** Every endpoint of the add service (go-kit's `addendpoint.Set`). */
export interface AddEndpoints {
  readonly sum: Endpoint<SumRequest, SumResponse>;
  readonly concat: Endpoint<ConcatRequest, ConcatResponse>;
}

/** A response value with an optional business error, as a {@link Failer}. */
export function response<V>(
  v: V,
  err: Error | undefined,
): { v: V; err: Error | undefined } & Failer {
  return { v, err, failed: () => err };
}

/**
 * Turns the service into endpoints. A business error (two zeroes, overflow, too long) is carried
 * in the response, as go-kit does; anything else rejects.
 *
 * @example
 * const { sum } = makeEndpoints(addService());
 * await sum(background(), { a: 1n, b: 2n }); // { v: 3n, err: undefined }
 */
export function makeEndpoints(service: AddService): AddEndpoints {
  return {
    sum: async (ctx, { a, b }) => {
      try {
        return response(await service.sum(ctx, a, b), undefined);
      } catch (err) {
        if (isBusinessError(err)) return response(0n, err);
        throw err;
      }
    },
    concat: async (ctx, { a, b }) => {
      try {
        return response(await service.concat(ctx, a, b), undefined);
      } catch (err) {
        if (isBusinessError(err)) return response("", err);
        throw err;
      }
    },
  };
}
