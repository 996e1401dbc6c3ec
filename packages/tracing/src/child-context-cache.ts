import type { Context as OtelContext, Span, SpanContext } from "@opentelemetry/api";
import { isSpanContextValid } from "@opentelemetry/api";
import { childContext } from "./b3.js";

/**
 * {@link childContext} for one middleware, with a fast path for inert spans: a span that records
 * nothing and carries no valid span context (what the API's no-op tracer starts when no SDK is
 * registered and the caller sent no trace). Inert spans of one class sharing one span context
 * behave alike, so the context made for the first is reused while the parent context stays the
 * same, instead of deriving (and copying) a new OpenTelemetry context on every call.
 */
export function childContextCache(): (parent: OtelContext, span: Span) => OtelContext {
  let lastParent: OtelContext | undefined;
  let lastSc: SpanContext | undefined;
  let lastProto: unknown;
  let lastChild: OtelContext | undefined;
  return (parent, span) => {
    if (span.isRecording()) return childContext(parent, span);
    const sc = span.spanContext();
    const proto: unknown = Object.getPrototypeOf(span);
    if (lastChild !== undefined && parent === lastParent && sc === lastSc && proto === lastProto)
      return lastChild;
    if (isSpanContextValid(sc)) return childContext(parent, span);
    lastChild = childContext(parent, span);
    lastParent = parent;
    lastSc = sc;
    lastProto = proto;
    return lastChild;
  };
}
