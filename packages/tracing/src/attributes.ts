import type { Context } from "@kit/endpoint";
import { withValue } from "@kit/endpoint";
import type { Attributes } from "@opentelemetry/api";
import { tracingKey } from "./key.js";
import { spanFromContext } from "./otel-context.js";

/**
 * Derives a context carrying `attributes` for the next span {@link traceServer} or
 * {@link traceClient} starts from it; they add to the middleware's own `attributes` (and win on a
 * clash). Call it from a transport's `before` hook, where the request is at hand; attributes
 * given earlier in the chain are merged with these. The span that takes them consumes them: the
 * calls it makes in turn do not inherit them.
 *
 * @example
 * createServer(traced, decode, encode, {
 *   before: [(ctx, req) => withSpanAttributes(ctx, httpAttributes(req.method, req.url))],
 * });
 */
export function withSpanAttributes(ctx: Context, attributes: Attributes): Context {
  if (typeof attributes !== "object" || attributes === null)
    throw new TypeError("withSpanAttributes: attributes must be an object");
  const value = ctx.value(tracingKey);
  const earlier = value?.attributes;
  return withValue(ctx, tracingKey, {
    otel: value?.otel,
    attributes: earlier ? { ...earlier, ...attributes } : attributes,
  });
}

/**
 * The OpenTelemetry semantic-convention attributes of an RPC: `rpc.system` (`"grpc"`,
 * `"jsonrpc"`, ...), `rpc.service` (the full service name, `"pb.Add"`) and `rpc.method`. Pass
 * them as the middleware's `attributes`; they are computed once, at construction.
 *
 * @example
 * const traced = traceServer(tracer, { operation: "pb.Add/Sum", attributes: rpcAttributes("grpc", "pb.Add", "Sum") })(sum);
 */
export function rpcAttributes(system: string, service: string, method: string): Attributes {
  return Object.freeze({ "rpc.system": system, "rpc.service": service, "rpc.method": method });
}

/**
 * The OpenTelemetry semantic-convention attributes of an HTTP request: `http.request.method`
 * and, when given, `url.path` (the query, if any, is dropped: it may hold secrets).
 *
 * @example
 * before: [(ctx, req) => withSpanAttributes(ctx, httpAttributes(req.method, req.url))]
 */
export function httpAttributes(method: string, url?: string): Attributes {
  if (url === undefined) return { "http.request.method": method };
  const q = url.indexOf("?");
  return { "http.request.method": method, "url.path": q === -1 ? url : url.slice(0, q) };
}

/**
 * Records the HTTP status a response arrived with as `http.response.status_code` on the span of
 * `ctx`, and returns `ctx`. Shaped for a client transport's `after` hook, which runs inside the
 * client span of {@link traceClient}.
 *
 * @example
 * createClient("POST", url, encode, decode, { after: [(ctx, res) => recordHttpStatus(ctx, res.status)] });
 */
export function recordHttpStatus(ctx: Context, status: number): Context {
  spanFromContext(ctx)?.setAttribute("http.response.status_code", status);
  return ctx;
}
