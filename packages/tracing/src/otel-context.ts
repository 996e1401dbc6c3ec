import type { Context } from "@kit/endpoint";
import { withValue } from "@kit/endpoint";
import type { Context as OtelContext, Span } from "@opentelemetry/api";
import { context, trace } from "@opentelemetry/api";
import { tracingKey } from "./key.js";

/**
 * The OpenTelemetry context carried by a kit context: the one {@link traceServer} or
 * {@link traceClient} stored (or {@link withOtelContext}), else OpenTelemetry's active context
 * (the root context when no context manager is registered).
 *
 * @example
 * const child = tracer.startSpan("db.query", {}, otelContextFrom(ctx));
 */
export function otelContextFrom(ctx: Context): OtelContext {
  return ctx.value(tracingKey)?.otel ?? context.active();
}

/**
 * Derives a kit context carrying `otelContext` (and so its span) for the middlewares of this
 * package: a bridge from code that traces with OpenTelemetry directly.
 *
 * @example
 * const ctx2 = withOtelContext(ctx, trace.setSpan(context.active(), span));
 */
export function withOtelContext(ctx: Context, otelContext: OtelContext): Context {
  const attributes = ctx.value(tracingKey)?.attributes;
  return withValue(
    ctx,
    tracingKey,
    attributes ? { otel: otelContext, attributes } : { otel: otelContext },
  );
}

/**
 * The span of the current call: the server span inside an endpoint wrapped by
 * {@link traceServer}, the client span inside one wrapped by {@link traceClient} (say, in a
 * client transport's `after` hook), or `undefined` when the context carries none.
 *
 * @example
 * spanFromContext(ctx)?.addEvent("cache miss", { key });
 */
export function spanFromContext(ctx: Context): Span | undefined {
  return trace.getSpan(otelContextFrom(ctx));
}
