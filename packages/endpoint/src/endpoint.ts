import type { Context } from "./context.js";

/**
 * One RPC method: takes a context and a request, resolves to a response. The unit that every
 * transport serves and every middleware wraps.
 *
 * @example
 * const sum: Endpoint<{ a: number; b: number }, { v: number }> = async (_ctx, { a, b }) => ({ v: a + b });
 */
export type Endpoint<Req = unknown, Res = unknown> = (ctx: Context, request: Req) => Promise<Res>;

/**
 * Wraps an endpoint with behaviour (logging, limits, breakers, ...) and returns a new one.
 *
 * @example
 * const logged: Middleware<SumReq, SumRes> = (next) => async (ctx, req) => next(ctx, req);
 */
export type Middleware<Req = unknown, Res = unknown> = (
  next: Endpoint<Req, Res>,
) => Endpoint<Req, Res>;

/**
 * A middleware that ignores the payload and so fits an endpoint of any request and response
 * type. Write payload-agnostic middlewares with this type: a `Middleware<unknown, unknown>`
 * would not accept an `Endpoint<SumReq, SumRes>` under `strict`.
 *
 * @example
 * const timed: GenericMiddleware = (next) => async (ctx, req) => {
 *   const t0 = performance.now();
 *   try { return await next(ctx, req); } finally { console.log(performance.now() - t0); }
 * };
 */
export type GenericMiddleware = <Req, Res>(next: Endpoint<Req, Res>) => Endpoint<Req, Res>;

/**
 * Composes middlewares into one. The first is the outermost: it sees the request first and the
 * response last (go-kit's `endpoint.Chain` order). Composition happens once, here, not per call.
 *
 * @example
 * const endpoint = chain(logging(logger), instrumenting(metrics), limiter)(sum);
 */
export function chain<Req, Res>(
  outer: Middleware<Req, Res>,
  ...others: Middleware<Req, Res>[]
): Middleware<Req, Res> {
  return (next) => {
    let wrapped = next;
    for (let i = others.length - 1; i >= 0; i--)
      wrapped = (others[i] as Middleware<Req, Res>)(wrapped);
    return outer(wrapped);
  };
}
