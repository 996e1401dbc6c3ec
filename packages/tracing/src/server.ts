import type { Endpoint, GenericMiddleware } from "@kit/endpoint";
import { incomingMetadata } from "@kit/endpoint";
import type { Attributes, SpanOptions, Tracer } from "@opentelemetry/api";
import { context, SpanKind } from "@opentelemetry/api";
import { callInSpan } from "./call-in-span.js";
import { childContextCache } from "./child-context-cache.js";
import { tracingKey } from "./key.js";
import { metadataGetter } from "./metadata-carrier.js";
import type { PropagatorOption } from "./propagation.js";
import { resolvePropagator } from "./propagation.js";
import { recordError } from "./record-error.js";
import { checkCommon, frozenAttributes } from "./validate.js";

/**
 * Options for {@link traceServer}.
 *
 * @example
 * const options: TraceServerOptions = { operation: "pb.Add/Sum", propagator: ["w3c", "b3"] };
 */
export interface TraceServerOptions {
  /** The span name: the operation served, say `"pb.Add/Sum"` or `"POST /sum"`. Required. */
  readonly operation: string;
  /**
   * How the caller's trace is read from the incoming metadata: formats tried in order
   * (`"w3c"`, `"b3"`, `"b3-multi"`), or any OpenTelemetry `TextMapPropagator` (pass the API's
   * `propagation` to use the globally registered one). Default: `["w3c"]`.
   */
  readonly propagator?: PropagatorOption;
  /**
   * Attributes set on every span at its start, for example {@link rpcAttributes}. Per-request
   * ones come from {@link withSpanAttributes}. Default: none.
   */
  readonly attributes?: Attributes;
}

/**
 * A middleware that traces each call of the endpoint it wraps as a `SERVER` span named
 * `operation` (go-kit's `TraceServer`): it continues the trace found in the context's incoming
 * metadata (the headers or gRPC metadata a server transport stored), makes the span current for
 * the endpoint (in the kit context, see {@link spanFromContext}, and as OpenTelemetry's active
 * context while the endpoint runs, for libraries instrumented through a context manager), and
 * ends it when the endpoint settles.
 *
 * Errors: a thrown error is recorded ({@link recordError}: status `ERROR`, `error.type` the
 * KitError code, an `exception` event) and rethrown unchanged; a response that is a `Failer`
 * with an error is recorded the same way and returned. Without an OpenTelemetry SDK the API's
 * no-op tracer makes this nearly free.
 *
 * @throws TypeError at construction when the tracer, `operation`, `propagator` or `attributes`
 *   is invalid.
 * @example
 * const tracer = trace.getTracer("addsvc");
 * const traced = traceServer(tracer, { operation: "pb.Add/Sum", attributes: rpcAttributes("grpc", "pb.Add", "Sum") })(sum);
 * addService(server, definition, { Sum: createServer(traced, decodeSum, encodeSum) });
 */
export function traceServer(tracer: Tracer, options: TraceServerOptions): GenericMiddleware {
  checkCommon("traceServer", tracer, options);
  const { operation, propagator = ["w3c"], attributes } = options;
  const prop = resolvePropagator("traceServer", propagator);
  const fixed = frozenAttributes(attributes);
  const spanOptions: SpanOptions = fixed
    ? { kind: SpanKind.SERVER, attributes: fixed }
    : { kind: SpanKind.SERVER };

  return <Req, Res>(next: Endpoint<Req, Res>): Endpoint<Req, Res> => {
    const childOf = childContextCache();
    return (ctx, request) => {
      try {
        // One lookup for both: the kit context's value chain is walked once per call.
        const carried = ctx.value(tracingKey);
        const base = carried?.otel ?? context.active();
        const parent = prop.extract(base, incomingMetadata(ctx), metadataGetter);
        const span = tracer.startSpan(operation, spanOptions, parent);
        const extra = carried?.attributes;
        if (extra !== undefined) span.setAttributes(extra);
        return callInSpan(span, childOf(parent, span), next, ctx, request);
      } catch (err) {
        return Promise.reject(err);
      }
    };
  };
}
