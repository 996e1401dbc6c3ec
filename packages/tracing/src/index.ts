/**
 * OpenTelemetry tracing for `@kit` endpoints (go-kit's `tracing/opentelemetry`):
 * {@link traceServer} continues the caller's trace in a `SERVER` span around an endpoint, and
 * {@link traceClient} wraps a client endpoint in a `CLIENT` span and sends it on in the outgoing
 * metadata. Trace context travels as W3C `traceparent`/`tracestate` or B3 (Zipkin, go-kit),
 * through kit `Metadata`, so the HTTP and gRPC transports carry it without knowing this package.
 *
 * Use it to see one request across services in Jaeger, Zipkin, Tempo or any OpenTelemetry
 * backend. It depends only on `@opentelemetry/api`: register an SDK (a tracer provider with an
 * exporter) to record spans; without one, every call is a no-op.
 *
 * @packageDocumentation
 */

export {
  httpAttributes,
  recordHttpStatus,
  rpcAttributes,
  withSpanAttributes,
} from "./attributes.js";
export type { B3InjectEncoding, B3PropagatorOptions } from "./b3.js";
export { b3Propagator } from "./b3.js";
export type { TraceClientOptions } from "./client.js";
export { traceClient } from "./client.js";
export { metadataGetter, metadataSetter } from "./metadata-carrier.js";
export { otelContextFrom, spanFromContext, withOtelContext } from "./otel-context.js";
export type { PropagationFormat, PropagatorOption } from "./propagation.js";
export { compositePropagator } from "./propagation.js";
export { recordError } from "./record-error.js";
export type { TraceServerOptions } from "./server.js";
export { traceServer } from "./server.js";
export { w3cPropagator } from "./w3c.js";
