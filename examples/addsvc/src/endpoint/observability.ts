import type { Logger } from "@kit/endpoint";
import { chain } from "@kit/endpoint";
import { loggingMiddleware } from "@kit/log";
import type { Counter, Histogram } from "@kit/metrics";
import { instrumentingMiddleware, prometheusCounter, prometheusHistogram } from "@kit/metrics";
import { traceServer } from "@kit/tracing";
import type { Tracer } from "@opentelemetry/api";
import type { Registry } from "prom-client";
import type { AddEndpoints } from "./set.js";

/** The endpoint metrics addsvc exposes at `/metrics`. */
export interface AddMetrics {
  /** `addsvc_requests_total{method, success}`. */
  readonly requestCount: Counter;
  /** `addsvc_request_duration_seconds{method, success}`. */
  readonly requestLatency: Histogram;
}

/** Registers addsvc's request count and latency in `registry`. */
export function addMetrics(registry: Registry): AddMetrics {
  const labelNames = ["method", "success"];
  return {
    requestCount: prometheusCounter({
      name: "addsvc_requests_total",
      help: "Requests served, by method and outcome.",
      labelNames,
      registry,
    }),
    requestLatency: prometheusHistogram({
      name: "addsvc_request_duration_seconds",
      help: "Request duration in seconds, by method and outcome.",
      labelNames,
      registry,
    }),
  };
}

/** What {@link withObservability} reports to. */
export interface Observers {
  readonly metrics: AddMetrics;
  readonly tracer: Tracer;
  readonly logger: Logger;
}

/**
 * Wraps each endpoint as go-kit's addsvc does, outermost first: instrumenting (count and latency
 * by method and success; a business error counts as a failure), logging (one record per call:
 * method, took, error), then a SERVER span named after the method, parented by whatever trace
 * context arrived in the request's metadata (W3C or B3). Without an exporter the span is a no-op.
 */
export function withObservability(
  endpoints: AddEndpoints,
  { metrics, tracer, logger }: Observers,
): AddEndpoints {
  return {
    sum: chain(
      instrumentingMiddleware(metrics, { method: "sum" }),
      loggingMiddleware(logger, { method: "sum" }),
      traceServer(tracer, { operation: "Sum", propagator: ["w3c", "b3"] }),
    )(endpoints.sum),
    concat: chain(
      instrumentingMiddleware(metrics, { method: "concat" }),
      loggingMiddleware(logger, { method: "concat" }),
      traceServer(tracer, { operation: "Concat", propagator: ["w3c", "b3"] }),
    )(endpoints.concat),
  };
}
