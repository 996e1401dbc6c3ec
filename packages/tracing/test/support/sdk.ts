/**
 * A real OpenTelemetry SDK for tests: a BasicTracerProvider that records every span in memory
 * through a SimpleSpanProcessor. Nothing is registered globally: tests pass the tracer.
 */
import { createRequire } from "node:module";
import type { Tracer } from "@opentelemetry/api";
import type { ReadableSpan, SpanProcessor } from "@opentelemetry/sdk-trace-base";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";

export interface Recorder {
  readonly tracer: Tracer;
  readonly provider: BasicTracerProvider;
  /** Every span ended so far, after flushing. */
  spans(): Promise<ReadableSpan[]>;
  /** The one finished span named `name`; fails the test when there is not exactly one. */
  span(name: string): Promise<ReadableSpan>;
  shutdown(): Promise<void>;
}

type Resource = NonNullable<
  NonNullable<ConstructorParameters<typeof BasicTracerProvider>[0]>["resource"]
>;

/**
 * A resource naming the service, made by the `@opentelemetry/resources` the SDK itself uses (a
 * dependency of the SDK packages, not of this one, hence the require from the exporter's place).
 */
function serviceResource(serviceName: string): Resource {
  const fromSdk = createRequire(require.resolve("@opentelemetry/exporter-zipkin"));
  const { resourceFromAttributes } = fromSdk("@opentelemetry/resources") as {
    resourceFromAttributes(attributes: Record<string, string>): Resource;
  };
  return resourceFromAttributes({ "service.name": serviceName });
}

/**
 * A provider recording into memory (and into `extra` processors, such as a Zipkin exporter's),
 * for the service `serviceName` when given.
 */
export function createRecorder(extra: SpanProcessor[] = [], serviceName?: string): Recorder {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    spanProcessors: [new SimpleSpanProcessor(exporter), ...extra],
    ...(serviceName === undefined ? {} : { resource: serviceResource(serviceName) }),
  });
  const tracer = provider.getTracer("@kit/tracing-test");
  const spans = async () => {
    await provider.forceFlush();
    return exporter.getFinishedSpans();
  };
  return {
    tracer,
    provider,
    spans,
    async span(name) {
      const found = (await spans()).filter((s) => s.name === name);
      if (found.length !== 1) throw new Error(`expected one span "${name}", found ${found.length}`);
      return found[0] as ReadableSpan;
    },
    shutdown: () => provider.shutdown(),
  };
}

/** A sampled remote parent for tests: the W3C specification's example ids. */
export const remoteParent = Object.freeze({
  traceId: "0af7651916cd43dd8448eb211c80319c",
  spanId: "b7ad6b7169203331",
  traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
});
