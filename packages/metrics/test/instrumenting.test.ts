import { background, chain, type Endpoint, type Failer } from "@kit/endpoint";
import { Registry } from "prom-client";
import { genericCounter, genericHistogram } from "../src/generic.js";
import { instrumentingMiddleware } from "../src/instrumenting.js";
import type { Counter, Labels } from "../src/metrics.js";
import { prometheusCounter, prometheusHistogram } from "../src/prometheus.js";
import { promtoolCheckMetrics } from "./support/promtool.js";

class SumResponse implements Failer {
  constructor(
    readonly v: number,
    readonly err?: Error,
  ) {}
  failed() {
    return this.err;
  }
}

describe("instrumentingMiddleware", () => {
  const ok = { method: "sum", success: "true" };
  const failed = { method: "sum", success: "false" };

  function setup() {
    const requestCount = genericCounter("requests_total");
    const requestLatency = genericHistogram("request_duration_seconds");
    let clock = 1_000;
    const now = () => clock;
    const mw = instrumentingMiddleware({ requestCount, requestLatency }, { method: "sum", now });
    const advance = (ms: number) => {
      clock += ms;
    };
    return { requestCount, requestLatency, mw, advance };
  }

  it("counts a successful call and observes its latency in seconds", async () => {
    const { requestCount, requestLatency, mw, advance } = setup();
    const sum = mw(async (_ctx, req: { a: number; b: number }) => {
      advance(250);
      return new SumResponse(req.a + req.b);
    });
    await expect(sum(background(), { a: 1, b: 2 })).resolves.toEqual(new SumResponse(3));
    expect(requestCount.with(ok).value()).toBe(1);
    expect(requestCount.with(failed).value()).toBe(0);
    expect(requestLatency.with(ok).quantile(1)).toBe(0.25);
  });

  it("labels a response whose failed() returns an error as a failure", async () => {
    const { requestCount, requestLatency, mw, advance } = setup();
    const sum = mw(async () => {
      advance(10);
      return new SumResponse(0, new Error("overflow"));
    });
    const res = await sum(background(), {});
    expect(res.failed()?.message).toBe("overflow");
    expect(requestCount.with(failed).value()).toBe(1);
    expect(requestCount.with(ok).value()).toBe(0);
    expect(requestLatency.with(failed).quantile(1)).toBe(0.01);
  });

  it("labels a thrown error as a failure and rethrows it unchanged", async () => {
    const { requestCount, requestLatency, mw } = setup();
    const boom = new Error("boom");
    const sum = mw(async () => {
      throw boom;
    });
    await expect(sum(background(), {})).rejects.toBe(boom);
    expect(requestCount.with(failed).value()).toBe(1);
    expect(requestLatency.with(failed).count()).toBe(1);
  });

  it("counts plain responses that are not Failers as successes", async () => {
    const { requestCount, mw } = setup();
    await mw(async () => ({ failed: "not a function" }))(background(), {});
    await mw(async () => undefined)(background(), {});
    expect(requestCount.with(ok).value()).toBe(2);
  });

  it("binds its labelled series once, when it is made, not per call", async () => {
    const calls: Labels[] = [];
    const spy = (inner: Counter): Counter => ({
      with: (labels) => {
        calls.push(labels);
        return inner.with(labels);
      },
      add: (d) => inner.add(d),
    });
    const mw = instrumentingMiddleware(
      { requestCount: spy(genericCounter("c")), requestLatency: genericHistogram("h") },
      { method: "sum" },
    );
    expect(calls).toEqual([ok, failed]);
    const e = mw(async () => 1);
    await e(background(), {});
    await e(background(), {});
    expect(calls).toHaveLength(2);
  });

  it("keeps the endpoint's types and composes with chain", async () => {
    const { mw } = setup();
    const sum: Endpoint<{ a: number; b: number }, number> = async (_ctx, { a, b }) => a + b;
    const wrapped: Endpoint<{ a: number; b: number }, number> = chain(mw, mw)(sum);
    // @ts-expect-error the wrapped endpoint still wants the request type
    void (() => wrapped(background(), { a: "1" }));
    await expect(wrapped(background(), { a: 2, b: 3 })).resolves.toBe(5);
  });

  it("feeds Prometheus metrics that promtool accepts", async () => {
    const registry = new Registry();
    const labelNames = ["method", "success"];
    const mw = instrumentingMiddleware(
      {
        requestCount: prometheusCounter({
          name: "kit_requests_total",
          help: "Requests.",
          labelNames,
          registry,
        }),
        requestLatency: prometheusHistogram({
          name: "kit_request_duration_seconds",
          help: "Request latency.",
          labelNames,
          registry,
        }),
      },
      { method: "sum" },
    );
    await mw(async () => new SumResponse(1))(background(), {});
    await mw(async () => new SumResponse(0, new Error("no")))(background(), {});
    const text = await registry.metrics();
    expect(text).toContain('kit_requests_total{method="sum",success="true"} 1');
    expect(text).toContain('kit_requests_total{method="sum",success="false"} 1');
    expect(await promtoolCheckMetrics(text)).toEqual({ code: 0, output: "" });
  });

  it.each([
    [
      "a missing counter",
      { requestLatency: genericHistogram("h") },
      { method: "m" },
      /requestCount/,
    ],
    [
      "a missing histogram",
      { requestCount: genericCounter("c") },
      { method: "m" },
      /requestLatency/,
    ],
    [
      "an empty method",
      { requestCount: genericCounter("c"), requestLatency: genericHistogram("h") },
      { method: "" },
      /method/,
    ],
  ])("throws TypeError at construction for %s", (_what, metrics, options, message) => {
    const make = () => instrumentingMiddleware(metrics as never, options);
    expect(make).toThrow(TypeError);
    expect(make).toThrow(message);
  });
});
