import type { Endpoint, GenericMiddleware } from "@kit/endpoint";
import { outgoingMetadata, withOutgoingMetadata } from "@kit/endpoint";
import type { Attributes, SpanOptions, Tracer } from "@opentelemetry/api";
import { context, isSpanContextValid, SpanKind } from "@opentelemetry/api";
import { callInSpan } from "./call-in-span.js";
import { childContextCache } from "./child-context-cache.js";
import { tracingKey } from "./key.js";
import { metadataSetter } from "./metadata-carrier.js";
import type { PropagatorOption } from "./propagation.js";
import { resolvePropagator } from "./propagation.js";
import { checkCommon, frozenAttributes } from "./validate.js";

/**
 * Options for {@link traceClient}.
 *
 * @example
 * const options: TraceClientOptions = { operation: "pb.Add/Sum", propagator: ["b3-multi"] };
 */
export interface TraceClientOptions {
  /** The span name: the operation called, say `"pb.Add/Sum"` or `"POST /sum"`. Required. */
  readonly operation: string;
  /**
   * How the trace is written into the outgoing metadata: every listed format (`"w3c"`, `"b3"`
   * single header, `"b3-multi"` `X-B3-*` headers), or any OpenTelemetry `TextMapPropagator`.
   * Default: `["w3c"]`.
   */
  readonly propagator?: PropagatorOption;
  /**
   * Attributes set on every span at its start, for example {@link rpcAttributes}. Per-request
   * ones come from {@link withSpanAttributes}. Default: none.
   */
  readonly attributes?: Attributes;
}

/**
 * A middleware that traces each call of the (client) endpoint it wraps as a `CLIENT` span named
 * `operation` (go-kit's `TraceClient`): the span is a child of the span in the kit context (the
 * server span of the request being served, see {@link spanFromContext}), or of OpenTelemetry's
 * active span, or a new trace's root; it is written into the context's outgoing metadata, which
 * the HTTP and gRPC client transports send as headers (replacing any trace headers already
 * there, so nested or retried calls never send two); it ends when the call settles.
 *
 * Wrap the client endpoint itself (innermost), so retries around it give one span per attempt.
 *
 * Errors: as {@link traceServer}, a thrown error is recorded and rethrown unchanged, a `Failer`
 * response's error recorded and the response returned.
 *
 * @throws TypeError at construction when the tracer, `operation`, `propagator` or `attributes`
 *   is invalid.
 * @example
 * const remoteSum = traceClient(tracer, { operation: "POST /sum" })(
 *   createClient("POST", "http://127.0.0.1:8080/sum", encodeJSONRequest, decodeJSONResponse()));
 */
export function traceClient(tracer: Tracer, options: TraceClientOptions): GenericMiddleware {
  checkCommon("traceClient", tracer, options);
  const { operation, propagator = ["w3c"], attributes } = options;
  const prop = resolvePropagator("traceClient", propagator);
  const fields = prop.fields();
  const fixed = frozenAttributes(attributes);
  const spanOptions: SpanOptions = fixed
    ? { kind: SpanKind.CLIENT, attributes: fixed }
    : { kind: SpanKind.CLIENT };

  return <Req, Res>(next: Endpoint<Req, Res>): Endpoint<Req, Res> => {
    const childOf = childContextCache();
    return (ctx, request) => {
      try {
        // One lookup for both: the kit context's value chain is walked once per call.
        const carried = ctx.value(tracingKey);
        const parent = carried?.otel ?? context.active();
        const span = tracer.startSpan(operation, spanOptions, parent);
        const extra = carried?.attributes;
        if (extra !== undefined) span.setAttributes(extra);
        const otel = childOf(parent, span);
        let callCtx = ctx;
        if (isSpanContextValid(span.spanContext())) {
          const md = outgoingMetadata(ctx).clone();
          for (let i = 0; i < fields.length; i++) md.delete(fields[i] as string);
          prop.inject(otel, md, metadataSetter);
          callCtx = withOutgoingMetadata(ctx, md);
        }
        return callInSpan(span, otel, next, callCtx, request);
      } catch (err) {
        return Promise.reject(err);
      }
    };
  };
}
