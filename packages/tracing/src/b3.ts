import type {
  Context as OtelContext,
  Span,
  TextMapGetter,
  TextMapPropagator,
  TextMapSetter,
} from "@opentelemetry/api";
import { createContextKey, isSpanContextValid, TraceFlags, trace } from "@opentelemetry/api";

/** How {@link b3Propagator} writes B3: the one `b3` header, or the `X-B3-*` headers. */
export type B3InjectEncoding = "single" | "multi";

/**
 * Options for {@link b3Propagator}.
 *
 * @example
 * const options: B3PropagatorOptions = { inject: "multi" };
 */
export interface B3PropagatorOptions {
  /**
   * `"single"` writes `b3: {traceId}-{spanId}-{1|0|d}[-{parentSpanId}]`; `"multi"` writes
   * `X-B3-TraceId`, `X-B3-SpanId`, `X-B3-Sampled` (or `X-B3-Flags: 1` when debug) and
   * `X-B3-ParentSpanId` when known. Default: `"single"`. Extraction reads both, `b3` first.
   */
  readonly inject?: B3InjectEncoding;
}

/**
 * The OpenTelemetry context key holding the B3 parent span id: extract stores the received one,
 * and {@link traceClient} stores the id of the span it is a child of, so inject can send it.
 */
export const b3ParentSpanIdKey: symbol = createContextKey("@kit/tracing.b3ParentSpanId");
/** The OpenTelemetry context key of the B3 debug flag (`d`, `X-B3-Flags: 1`), passed on as is. */
export const b3DebugKey: symbol = createContextKey("@kit/tracing.b3Debug");

const single = "b3";
const traceIdHeader = "x-b3-traceid";
const spanIdHeader = "x-b3-spanid";
const sampledHeader = "x-b3-sampled";
const parentHeader = "x-b3-parentspanid";
const flagsHeader = "x-b3-flags";
const singleFields: readonly string[] = Object.freeze([single]);
const multiFields: readonly string[] = Object.freeze([
  traceIdHeader,
  spanIdHeader,
  sampledHeader,
  parentHeader,
  flagsHeader,
]);

const traceIdPattern = /^(?:[0-9a-f]{16}|[0-9a-f]{32})$/;
const spanIdPattern = /^[0-9a-f]{16}$/;
const padding = "0000000000000000";

/**
 * A B3 propagator (github.com/openzipkin/b3-propagation), the format of Zipkin and of go-kit's
 * Zipkin and OpenTracing tracers, over the OpenTelemetry API alone.
 *
 * Extract reads the single `b3` header when present, else the `X-B3-*` headers (names are
 * case-insensitive). 64-bit trace ids are left-padded with zeros to 128 bits; the sampling state
 * `1`/`true` or debug (`d`, `X-B3-Flags: 1`) makes the span context sampled, `0`, `false` or
 * absent (deferred) makes it unsampled; the parent span id and debug flag are kept in the
 * OpenTelemetry context ({@link b3ParentSpanIdKey}, {@link b3DebugKey}). Malformed or all-zero
 * ids, and a sampling-only header such as `b3: 0`, leave the context unchanged.
 *
 * Inject writes the encoding chosen by `options.inject` for a valid span context.
 *
 * @throws TypeError when `options.inject` is neither `"single"` nor `"multi"`.
 * @example
 * const traced = traceClient(tracer, { operation: "sum", propagator: b3Propagator({ inject: "multi" }) })(client);
 */
export function b3Propagator(options: B3PropagatorOptions = {}): TextMapPropagator {
  if (typeof options !== "object" || options === null)
    throw new TypeError("b3Propagator: options must be an object");
  const { inject = "single" } = options;
  if (inject !== "single" && inject !== "multi")
    throw new TypeError(`b3Propagator: inject must be "single" or "multi", got ${String(inject)}`);
  return inject === "single" ? b3Single : b3Multi;
}

function extract(context: OtelContext, carrier: unknown, getter: TextMapGetter): OtelContext {
  const header = first(getter.get(carrier, single));
  if (header !== undefined) return extractSingle(context, header.trim());
  const traceId = first(getter.get(carrier, traceIdHeader));
  const spanId = first(getter.get(carrier, spanIdHeader));
  if (traceId === undefined || spanId === undefined) return context;
  const flags = first(getter.get(carrier, flagsHeader));
  const sampled = first(getter.get(carrier, sampledHeader));
  const debug = flags?.trim() === "1";
  const sampling = debug ? "d" : sampled?.trim().toLowerCase();
  if (sampling !== undefined && !["1", "0", "true", "false", "d"].includes(sampling))
    return context;
  return build(
    context,
    traceId.trim().toLowerCase(),
    spanId.trim().toLowerCase(),
    sampling,
    first(getter.get(carrier, parentHeader))?.trim().toLowerCase(),
  );
}

function extractSingle(context: OtelContext, header: string): OtelContext {
  const parts = header.toLowerCase().split("-");
  if (parts.length < 2 || parts.length > 4) return context; // "0", "1", "d": no ids to continue
  const [traceId, spanId, sampling, parent] = parts as [string, string, string?, string?];
  if (sampling !== undefined && sampling !== "1" && sampling !== "0" && sampling !== "d")
    return context;
  return build(context, traceId, spanId, sampling, parent);
}

function build(
  context: OtelContext,
  traceId: string,
  spanId: string,
  sampling: string | undefined,
  parent: string | undefined,
): OtelContext {
  if (!traceIdPattern.test(traceId) || !spanIdPattern.test(spanId)) return context;
  if (parent !== undefined && !spanIdPattern.test(parent)) return context;
  const sc = {
    traceId: traceId.length === 16 ? padding + traceId : traceId,
    spanId,
    isRemote: true,
    traceFlags:
      sampling === "1" || sampling === "true" || sampling === "d"
        ? TraceFlags.SAMPLED
        : TraceFlags.NONE,
  };
  if (!isSpanContextValid(sc)) return context;
  let out = trace.setSpanContext(context, sc);
  out = sampling === "d" ? out.setValue(b3DebugKey, true) : out.deleteValue(b3DebugKey);
  out =
    parent === undefined
      ? out.deleteValue(b3ParentSpanIdKey)
      : out.setValue(b3ParentSpanIdKey, parent);
  return out;
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function parentOf(context: OtelContext): string | undefined {
  const parent = context.getValue(b3ParentSpanIdKey);
  return typeof parent === "string" && spanIdPattern.test(parent) && parent !== padding
    ? parent
    : undefined;
}

const b3Single: TextMapPropagator = Object.freeze({
  inject(context: OtelContext, carrier: unknown, setter: TextMapSetter): void {
    const sc = trace.getSpanContext(context);
    if (!sc || !isSpanContextValid(sc)) return;
    const sampling =
      context.getValue(b3DebugKey) === true ? "d" : sc.traceFlags & TraceFlags.SAMPLED ? "1" : "0";
    const parent = parentOf(context);
    const value = `${sc.traceId}-${sc.spanId}-${sampling}`;
    setter.set(carrier, single, parent === undefined ? value : `${value}-${parent}`);
  },
  extract,
  fields(): string[] {
    return [...singleFields];
  },
});

const b3Multi: TextMapPropagator = Object.freeze({
  inject(context: OtelContext, carrier: unknown, setter: TextMapSetter): void {
    const sc = trace.getSpanContext(context);
    if (!sc || !isSpanContextValid(sc)) return;
    setter.set(carrier, "X-B3-TraceId", sc.traceId);
    setter.set(carrier, "X-B3-SpanId", sc.spanId);
    const parent = parentOf(context);
    if (parent !== undefined) setter.set(carrier, "X-B3-ParentSpanId", parent);
    if (context.getValue(b3DebugKey) === true) setter.set(carrier, "X-B3-Flags", "1");
    else setter.set(carrier, "X-B3-Sampled", sc.traceFlags & TraceFlags.SAMPLED ? "1" : "0");
  },
  extract,
  fields(): string[] {
    return [...multiFields];
  },
});

/**
 * The OpenTelemetry context of `span`, a child started from `parent`: `parent` with `span` set and
 * the parent's span id recorded under {@link b3ParentSpanIdKey}, so a B3 inject from it sends the
 * right `ParentSpanId` (none for a root span, or a no-op span that only carries its parent's ids).
 */
export function childContext(parent: OtelContext, span: Span): OtelContext {
  const parentSc = trace.getSpanContext(parent);
  if (
    parentSc !== undefined &&
    isSpanContextValid(parentSc) &&
    parentSc.spanId !== span.spanContext().spanId
  )
    return trace.setSpan(parent, span).setValue(b3ParentSpanIdKey, parentSc.spanId);
  // Each derivation copies the context: skip the delete when there is nothing to delete.
  const base =
    parent.getValue(b3ParentSpanIdKey) === undefined
      ? parent
      : parent.deleteValue(b3ParentSpanIdKey);
  return trace.setSpan(base, span);
}
