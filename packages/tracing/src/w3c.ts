import type {
  Context as OtelContext,
  TextMapGetter,
  TextMapPropagator,
  TextMapSetter,
} from "@opentelemetry/api";
import { isSpanContextValid, TraceFlags, trace } from "@opentelemetry/api";
import { parseTraceState } from "./trace-state.js";

const traceparentHeader = "traceparent";
const tracestateHeader = "tracestate";
const traceparentPattern = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;
const fields: readonly string[] = Object.freeze([traceparentHeader, tracestateHeader]);

/**
 * A W3C Trace Context propagator (`traceparent` and `tracestate`, www.w3.org/TR/trace-context),
 * over the OpenTelemetry API alone.
 *
 * Extract accepts version `00` exactly and later versions by their first four fields (as the
 * specification asks), rejects version `ff`, all-zero ids and malformed headers (leaving the
 * context unchanged), and keeps the sampled flag. Inject writes version `00` for a valid span
 * context, and `tracestate` when it has one.
 *
 * @example
 * const traced = traceServer(tracer, { operation: "sum", propagator: w3cPropagator() })(sum);
 */
export function w3cPropagator(): TextMapPropagator {
  return w3c;
}

const w3c: TextMapPropagator = Object.freeze({
  inject(context: OtelContext, carrier: unknown, setter: TextMapSetter): void {
    const sc = trace.getSpanContext(context);
    if (!sc || !isSpanContextValid(sc)) return;
    const flags = sc.traceFlags & TraceFlags.SAMPLED ? "01" : "00";
    setter.set(carrier, traceparentHeader, `00-${sc.traceId}-${sc.spanId}-${flags}`);
    const state = sc.traceState?.serialize();
    if (state) setter.set(carrier, tracestateHeader, state);
  },

  extract(context: OtelContext, carrier: unknown, getter: TextMapGetter): OtelContext {
    const raw = getter.get(carrier, traceparentHeader);
    const header = Array.isArray(raw) ? (raw.length === 1 ? raw[0] : undefined) : raw;
    if (header === undefined) return context;
    const m = traceparentPattern.exec(header.trim());
    if (!m) return context;
    const [, version, traceId, spanId, flags, rest] = m as unknown as [
      string,
      string,
      string,
      string,
      string,
      string | undefined,
    ];
    if (version === "ff" || (version === "00" && rest !== undefined)) return context;
    const state = getter.get(carrier, tracestateHeader);
    const traceState =
      state === undefined
        ? undefined
        : parseTraceState(Array.isArray(state) ? state.join(",") : state);
    const sc = {
      traceId,
      spanId,
      isRemote: true,
      traceFlags: Number.parseInt(flags, 16) & TraceFlags.SAMPLED,
      ...(traceState ? { traceState } : {}),
    };
    if (!isSpanContextValid(sc)) return context;
    return trace.setSpanContext(context, sc);
  },

  fields(): string[] {
    return [...fields];
  },
});
