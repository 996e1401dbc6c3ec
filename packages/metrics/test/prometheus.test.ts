import { createRequire } from "node:module";
import { Registry } from "prom-client";
import type { PrometheusRegistry } from "../src/prometheus.js";
import { prometheusCounter, prometheusGauge, prometheusHistogram } from "../src/prometheus.js";
import { promtoolCheckMetrics } from "./support/promtool.js";

describe("the Prometheus backend", () => {
  let registry: Registry;
  beforeEach(() => {
    registry = new Registry();
  });

  it("exposes labelled counters, gauges and histograms as text that promtool accepts", async () => {
    const requests = prometheusCounter({
      name: "kit_requests_total",
      help: "Requests served.",
      labelNames: ["method", "success"],
      registry,
    });
    const inFlight = prometheusGauge({
      name: "kit_in_flight",
      help: "Requests in flight.",
      registry,
    });
    const latency = prometheusHistogram({
      name: "kit_request_duration_seconds",
      help: "Request latency.",
      labelNames: ["method"],
      buckets: [0.01, 0.1, 1],
      registry,
    });
    requests.with({ method: "sum", success: "true" }).add(2);
    requests.with({ method: "sum", success: "false" }).add(1);
    inFlight.set(3);
    latency.with({ method: "sum" }).observe(0.05);

    const text = await registry.metrics();
    expect(text).toContain('kit_requests_total{method="sum",success="true"} 2');
    expect(text).toContain('kit_request_duration_seconds_bucket{le="0.1",method="sum"} 1');
    const result = await promtoolCheckMetrics(text);
    expect(result).toEqual({ code: 0, output: "" });
  });

  it("has promtool reject text that breaks the exposition format", async () => {
    const result = await promtoolCheckMetrics("kit_broken{ 1\n");
    expect(result.code).not.toBe(0);
  });

  it("adds to the same series whatever order the labels are given in", async () => {
    const c = prometheusCounter({ name: "c_total", help: "c", labelNames: ["a", "b"], registry });
    c.with({ a: "1" }).with({ b: "2" }).add(1);
    c.with({ b: "2", a: "1" }).add(2);
    const [metric] = (await registry.getMetricsAsJSON()) as { values: { value: number }[] }[];
    expect(metric?.values).toEqual([
      expect.objectContaining({ value: 3, labels: { a: "1", b: "2" } }),
    ]);
  });

  it("exposes a declared label that was never set with the empty value", async () => {
    const c = prometheusCounter({ name: "c_total", help: "c", labelNames: ["a", "b"], registry });
    c.with({ a: "x" }).add(1);
    expect(await registry.metrics()).toContain('c_total{a="x",b=""} 1');
  });

  it("throws TypeError at with() for a label that was not declared", () => {
    const c = prometheusCounter({ name: "c_total", help: "c", labelNames: ["method"], registry });
    expect(() => c.with({ path: "/" })).toThrow(
      new TypeError('prometheusCounter: unknown label "path"; declared: method'),
    );
  });

  it("throws TypeError at with() for a label value that is not a string", () => {
    const g = prometheusGauge({ name: "g", help: "g", labelNames: ["n"], registry });
    expect(() => g.with({ n: 1 as unknown as string })).toThrow(TypeError);
  });

  it("throws RangeError when a counter is asked to go down", () => {
    const c = prometheusCounter({ name: "c_total", help: "c", registry });
    expect(() => c.add(-1)).toThrow(RangeError);
  });

  it("sets and adds to a gauge", async () => {
    const g = prometheusGauge({ name: "g", help: "g", labelNames: ["k"], registry });
    const child = g.with({ k: "v" });
    child.set(10);
    child.add(-4);
    child.add(1.5);
    expect(await registry.metrics()).toContain('g{k="v"} 7.5');
  });

  it("uses prom-client's default buckets when none are given", async () => {
    const h = prometheusHistogram({ name: "h_seconds", help: "h", registry });
    h.observe(0.3);
    const text = await registry.metrics();
    expect(text).toContain('h_seconds_bucket{le="0.005"} 0');
    expect(text).toContain('h_seconds_bucket{le="0.5"} 1');
    expect(text).toContain("h_seconds_count 1");
  });

  it.each([
    ["a name with a dash", { name: "bad-name", help: "h" }, /name must match/],
    ["an empty help", { name: "ok", help: "" }, /help must be a non-empty string/],
    ["an invalid label name", { name: "ok", help: "h", labelNames: ["1x"] }, /invalid label name/],
    [
      "a reserved label prefix",
      { name: "ok", help: "h", labelNames: ["__x"] },
      /invalid label name/,
    ],
    ["a label declared twice", { name: "ok", help: "h", labelNames: ["a", "a"] }, /declared twice/],
  ])("throws TypeError at construction for %s", (_what, options, message) => {
    expect(() => prometheusCounter({ ...options, registry })).toThrow(message);
    expect(() => prometheusCounter({ ...options, registry })).toThrow(TypeError);
  });

  it("throws TypeError at construction for a histogram label named le", () => {
    expect(() =>
      prometheusHistogram({ name: "h", help: "h", labelNames: ["le"], registry }),
    ).toThrow(/reserved/);
  });

  it.each([
    ["empty", [], /non-empty array/],
    ["decreasing", [1, 0.5], /strictly increasing/],
    ["repeated", [1, 1], /strictly increasing/],
    ["infinite", [1, Number.POSITIVE_INFINITY], /finite/],
  ])("throws TypeError at construction for %s buckets", (_what, buckets, message) => {
    const make = () => prometheusHistogram({ name: "h", help: "h", buckets, registry });
    expect(make).toThrow(TypeError);
    expect(make).toThrow(message);
  });

  it("throws TypeError when the name is already registered", () => {
    prometheusGauge({ name: "dup", help: "h", registry });
    expect(() => prometheusGauge({ name: "dup", help: "h", registry })).toThrow(
      /prometheusGauge: cannot register "dup"/,
    );
  });

  it("registers in prom-client's global registry when none is given", async () => {
    const { register } = createRequire(__filename)("prom-client") as {
      register: PrometheusRegistry & { removeSingleMetric(n: string): void };
    };
    try {
      prometheusCounter({ name: "kit_default_registry_total", help: "h" }).add(4);
      expect(await register.metrics()).toContain("kit_default_registry_total 4");
    } finally {
      register.removeSingleMetric("kit_default_registry_total");
    }
  });
});
