import { setupTracing, tracingFromEnv } from "../src/tracing-setup.js";
import { receiver } from "./support/receiver.js";

describe("tracingFromEnv", () => {
  it("reads the standard OpenTelemetry variables", () => {
    expect(tracingFromEnv({})).toEqual({ zipkinUrl: undefined, otlpUrl: undefined });
    expect(
      tracingFromEnv({
        OTEL_EXPORTER_ZIPKIN_ENDPOINT: "http://z:9411/api/v2/spans",
        OTEL_EXPORTER_OTLP_ENDPOINT: "http://o:4318/",
      }),
    ).toEqual({ zipkinUrl: "http://z:9411/api/v2/spans", otlpUrl: "http://o:4318/v1/traces" });
    expect(tracingFromEnv({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "http://t/x" }).otlpUrl).toBe(
      "http://t/x",
    );
  });
});

describe("setupTracing", () => {
  it("gives a no-op tracer when no exporter is named", async () => {
    const tracing = setupTracing({});
    const span = tracing.tracer.startSpan("x");
    expect(span.isRecording()).toBe(false);
    span.end();
    await tracing.shutdown();
  });

  it("exports spans of service addsvc to Zipkin as v2 JSON", async () => {
    const zipkin = await receiver();
    const tracing = setupTracing({ zipkinUrl: `${zipkin.url}/api/v2/spans` });
    tracing.tracer.startSpan("Sum").end();
    await tracing.shutdown();
    const { path, body } = await zipkin.received;
    zipkin.server.close();
    expect(path).toBe("/api/v2/spans");
    const [span] = JSON.parse(body) as { name: string; localEndpoint: { serviceName: string } }[];
    expect(span?.name).toBe("Sum");
    expect(span?.localEndpoint.serviceName).toBe("addsvc");
  });
});
