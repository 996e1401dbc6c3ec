import { spawn } from "node:child_process";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import { Registry } from "prom-client";
import type { Addsvc } from "../src/app.js";
import { startTestAddsvc } from "./support/addsvc.js";

/** Runs `promtool check metrics` on `text`; resolves with its exit code and output. */
function promtool(text: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn("promtool", ["check", "metrics"]);
    let output = "";
    child.stdout.on("data", (c) => {
      output += c;
    });
    child.stderr.on("data", (c) => {
      output += c;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, output }));
    child.stdin.end(text);
  });
}

const sum = (svc: Addsvc, body: string, headers: Record<string, string> = {}) =>
  fetch(`http://${svc.addresses.http}/sum`, {
    method: "POST",
    body,
    headers: { "content-type": "application/json", ...headers },
  });

describe("addsvc's observers", () => {
  const records: Record<string, unknown>[] = [];
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  let svc: Addsvc;

  beforeAll(async () => {
    svc = await startTestAddsvc({
      registry: new Registry(),
      logger: { log: (fields) => records.push(fields) },
      tracer: provider.getTracer("test"),
    });
  });
  afterAll(async () => {
    await svc.close();
    await provider.shutdown();
  });
  beforeEach(() => {
    records.length = 0;
    exporter.reset();
  });

  it("logs one record per request with method, duration and error", async () => {
    await sum(svc, '{"a":1,"b":2}');
    await sum(svc, '{"a":0,"b":0}');
    expect(records).toEqual([
      { method: "sum", took_ms: expect.any(Number) },
      { method: "sum", took_ms: expect.any(Number), err: "can't sum two zeroes" },
    ]);
  });

  it("serves Prometheus metrics that promtool accepts, counting business errors as failures", async () => {
    await sum(svc, '{"a":1,"b":2}');
    await sum(svc, '{"a":0,"b":0}');
    const text = await (await fetch(`http://${svc.addresses.debug}/metrics`)).text();
    expect(text).toMatch(/^addsvc_requests_total\{method="sum",success="true"\} [1-9]/m);
    expect(text).toMatch(/^addsvc_requests_total\{method="sum",success="false"\} [1-9]/m);
    expect(text).toMatch(/^addsvc_request_duration_seconds_bucket\{/m);
    await expect(promtool(text)).resolves.toEqual({ code: 0, output: "" });
  });

  it("continues the caller's W3C trace in a SERVER span named after the method", async () => {
    const traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    await sum(svc, '{"a":1,"b":2}', { traceparent: `00-${traceId}-00f067aa0ba902b7-01` });
    const [span] = exporter.getFinishedSpans();
    expect(span?.name).toBe("Sum");
    expect(span?.spanContext().traceId).toBe(traceId);
    expect(span?.parentSpanContext?.spanId).toBe("00f067aa0ba902b7");
  });

  it("continues a B3 trace from a Zipkin peer", async () => {
    const traceId = "463ac35c9f6413ad48485a3953bb6124";
    await sum(svc, '{"a":1,"b":2}', { b3: `${traceId}-a2fb4a1d1a96d312-1` });
    const [span] = exporter.getFinishedSpans();
    expect(span?.spanContext().traceId).toBe(traceId);
    expect(span?.parentSpanContext?.spanId).toBe("a2fb4a1d1a96d312");
  });
});
