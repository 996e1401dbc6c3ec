import type { Endpoint, GenericMiddleware, Logger } from "@kit/endpoint";
import { isKitError, KitError, schemaDecoder } from "@kit/endpoint";
import { z } from "zod";
import type { AddService } from "./service.js";

/** Validates a sum request: two integers. */
export const decodeSumRequest = schemaDecoder(
  z.object({ a: z.number().int(), b: z.number().int() }),
);
/** Validates a concat request: two strings. */
export const decodeConcatRequest = schemaDecoder(z.object({ a: z.string(), b: z.string() }));

/** One endpoint per service method; each validates its raw input with a schema. */
export function makeEndpoints(service: AddService): {
  sum: Endpoint<unknown, { v: number }>;
  concat: Endpoint<unknown, { v: string }>;
} {
  return {
    sum: async (_ctx, raw) => {
      const { a, b } = await decodeSumRequest(raw);
      return { v: service.sum(a, b) };
    },
    concat: async (ctx, raw) => {
      const { a, b } = await decodeConcatRequest(raw);
      ctx.signal.throwIfAborted();
      try {
        return { v: service.concat(a, b) };
      } catch (err) {
        throw new KitError("invalid_argument", "concat result too long", { cause: err });
      }
    },
  };
}

/** Logs method, duration and error code of every call; fits any endpoint. */
export function logging(logger: Logger, method: string): GenericMiddleware {
  return (next) => async (ctx, req) => {
    const t0 = performance.now();
    let code: string | undefined;
    try {
      return await next(ctx, req);
    } catch (err) {
      code = isKitError(err) ? err.code : "unknown";
      throw err;
    } finally {
      logger.log({ method, took_ms: +(performance.now() - t0).toFixed(3), err: code });
    }
  };
}
