import type { Key } from "@kit/endpoint";
import type { Attributes, Context as OtelContext } from "@opentelemetry/api";

/** What this package keeps in a kit context, in one node so a middleware derives one context. */
export interface TracingValue {
  /** The OpenTelemetry context (and so the span) of the current call. */
  readonly otel?: OtelContext | undefined;
  /** Attributes for the next span a middleware starts; a middleware consumes them. */
  readonly attributes?: Attributes | undefined;
}

/**
 * The kit context key of {@link TracingValue}. Its id is a `Symbol.for`, so two copies of this
 * package agree on it.
 */
export const tracingKey: Key<TracingValue> = Object.freeze({
  name: "tracing",
  id: Symbol.for("@kit/tracing.value"),
});
