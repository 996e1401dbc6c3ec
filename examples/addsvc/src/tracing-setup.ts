import type { Tracer } from "@opentelemetry/api";
import { trace } from "@opentelemetry/api";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { ZipkinExporter } from "@opentelemetry/exporter-zipkin";
import { resourceFromAttributes } from "@opentelemetry/resources";
import type { SpanExporter } from "@opentelemetry/sdk-trace-base";
import { BasicTracerProvider, BatchSpanProcessor } from "@opentelemetry/sdk-trace-base";

/** Where spans go; both unset means no exporter and a no-op tracer. */
export interface TracingOptions {
  /** Zipkin v2 spans endpoint, e.g. `http://127.0.0.1:9411/api/v2/spans`. */
  readonly zipkinUrl?: string | undefined;
  /** OTLP/HTTP traces endpoint, e.g. `http://127.0.0.1:4318/v1/traces`. */
  readonly otlpUrl?: string | undefined;
}

/** A tracer and the way to flush and stop its exporters. */
export interface Tracing {
  readonly tracer: Tracer;
  /** Flushes pending spans and stops the exporters. */
  shutdown(): Promise<void>;
}

/**
 * The tracing options from the standard OpenTelemetry environment: `OTEL_EXPORTER_ZIPKIN_ENDPOINT`
 * and `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` (or `OTEL_EXPORTER_OTLP_ENDPOINT` + `/v1/traces`).
 */
export function tracingFromEnv(env: NodeJS.ProcessEnv): TracingOptions {
  const otlpBase = env.OTEL_EXPORTER_OTLP_ENDPOINT;
  return {
    zipkinUrl: env.OTEL_EXPORTER_ZIPKIN_ENDPOINT || undefined,
    otlpUrl:
      env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ||
      (otlpBase ? `${otlpBase.replace(/\/$/, "")}/v1/traces` : undefined),
  };
}

/**
 * Sets up tracing for addsvc: spans of service `addsvc` exported to Zipkin and/or OTLP when an
 * endpoint is given; otherwise the OpenTelemetry API's no-op tracer, which costs next to nothing.
 */
export function setupTracing(options: TracingOptions): Tracing {
  const exporters: SpanExporter[] = [];
  if (options.zipkinUrl) exporters.push(new ZipkinExporter({ url: options.zipkinUrl }));
  if (options.otlpUrl) exporters.push(new OTLPTraceExporter({ url: options.otlpUrl }));
  if (exporters.length === 0)
    return { tracer: trace.getTracer("addsvc"), shutdown: async () => {} };
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ "service.name": "addsvc" }),
    spanProcessors: exporters.map((exporter) => new BatchSpanProcessor(exporter)),
  });
  return { tracer: provider.getTracer("addsvc"), shutdown: () => provider.shutdown() };
}
