// An OpenTelemetry SDK tracer whose spans are recorded, batched and then dropped: the full
// tracing cost of a production setup, minus the network.
import type { Tracer } from "@opentelemetry/api";
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  type ReadableSpan,
  type SpanExporter,
} from "@opentelemetry/sdk-trace-base";

/** Success, as @opentelemetry/core's `ExportResultCode.SUCCESS`. */
const exportSuccess = 0;

/** An exporter that accepts every batch and sends it nowhere. */
const droppingExporter: SpanExporter = {
  export: (_spans: ReadableSpan[], done) => done({ code: exportSuccess }),
  shutdown: async () => {},
};

/** A tracer from an SDK `BasicTracerProvider` with a `BatchSpanProcessor` into the void. */
export function droppingTracer(name: string): Tracer {
  const provider = new BasicTracerProvider({
    spanProcessors: [new BatchSpanProcessor(droppingExporter)],
  });
  return provider.getTracer(name);
}
