import type { Endpoint } from "../endpoint.js";

/**
 * What a {@link Factory} makes for one instance: the endpoint that calls it, and an optional
 * `close` that releases what the endpoint holds (connections, pools). `close` may be async; an
 * error it throws or rejects with is logged, never propagated.
 */
export interface FactoryResult<Req, Res> {
  /** Calls the instance. */
  readonly endpoint: Endpoint<Req, Res>;
  /** Releases the endpoint's resources; called once, when the instance goes away. */
  readonly close?: () => void | Promise<void>;
}

/**
 * Turns one instance address (for example `"10.0.0.1:8080"`) into an endpoint that calls it
 * (go-kit's `sd.Factory`). It may throw, for example on a malformed address: the
 * {@link Endpointer} logs the error and skips that instance until the next update.
 *
 * @example
 * const factory: Factory<SumReq, SumRes> = (instance) => {
 *   const pool = connect(instance); // your client library
 *   return { endpoint: (ctx, req) => pool.call("sum", req, ctx.signal), close: () => pool.close() };
 * };
 */
export type Factory<Req, Res> = (instance: string) => FactoryResult<Req, Res>;
