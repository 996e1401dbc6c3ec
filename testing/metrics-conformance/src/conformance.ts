import type { Counter, Gauge, Histogram } from "@kit/endpoint";
import type { Exposition, MetricsBackend, MetricsConformanceOptions } from "./backend.js";
import { eventually } from "./eventually.js";
import { find } from "./samples.js";

/** The label names every metric of the suite may use. */
export const conformanceLabelNames: readonly string[] = Object.freeze(["method", "code", "pool"]);

let sequence = 0;
/** A fresh metric name, valid for Prometheus, StatsD and in-memory backends alike. */
const fresh = (what: string) => `kit_conformance_${what}_${++sequence}`;

/**
 * Defines the jest suite every metrics backend passes (go-kit's `metrics` semantics), checked
 * through what the backend exposes: a counter exposes the total of its deltas and rejects a
 * negative or NaN delta with `RangeError`; a gauge exposes the last value set moved by the
 * deltas added since; a histogram exposes how many values it observed and their sum; `with`
 * keeps one series per label set whatever the order, lets a later value win, leaves its receiver
 * unchanged, and rejects a label value that is not a string with `TypeError`.
 *
 * @example
 * describeMetricsConformance("prometheus", async () => prometheusBackend(new Registry()));
 */
export function describeMetricsConformance(
  name: string,
  setup: () => Promise<MetricsBackend>,
  options: MetricsConformanceOptions = {},
): void {
  const { records = true, timeoutMs = 5_000 } = options;
  const hookTimeoutMs = 4 * timeoutMs;

  describe(`${name} conforms to the Counter, Gauge and Histogram contracts`, () => {
    let backend: MetricsBackend;
    const counter = (): [Counter, string] => {
      const n = `${fresh("requests")}_total`;
      return [backend.counter(n, conformanceLabelNames), n];
    };
    const gauge = (): [Gauge, string] => {
      const n = fresh("in_flight");
      return [backend.gauge(n, conformanceLabelNames), n];
    };
    const histogram = (): [Histogram, string] => {
      const n = `${fresh("latency")}_seconds`;
      return [backend.histogram(n, conformanceLabelNames), n];
    };
    const exposes = (check: (exposed: Exposition) => void) =>
      eventually(() => backend.read(), check, timeoutMs);

    beforeAll(async () => {
      backend = await setup();
    }, hookTimeoutMs);
    afterAll(() => backend?.close(), hookTimeoutMs);

    it("accepts every call, and with() keeps the kind", () => {
      const [c] = counter();
      const [g] = gauge();
      const [h] = histogram();
      const labelled = { method: "sum" };
      expect(() => {
        c.with(labelled).add(1);
        g.with(labelled).set(1);
        g.with(labelled).add(-1);
        h.with(labelled).observe(0.1);
      }).not.toThrow();
      expect(typeof c.with(labelled).with({ code: "ok" }).add).toBe("function");
      expect(typeof g.with(labelled).with({ code: "ok" }).set).toBe("function");
      expect(typeof h.with(labelled).with({ code: "ok" }).observe).toBe("function");
    });

    if (!records) return;

    it(
      "exposes a counter's total",
      async () => {
        const [c, n] = counter();
        c.add(1);
        c.add(2);
        c.add(0.5);
        c.add(0);
        await exposes((e) => expect(find(e.counters, n)?.value).toBe(3.5));
      },
      hookTimeoutMs,
    );

    it(
      "keeps one series per label set, whatever order with() was given the labels in",
      async () => {
        const [c, n] = counter();
        c.with({ method: "sum" }).with({ code: "ok" }).add(1);
        c.with({ code: "ok", method: "sum" }).add(2);
        c.with({ method: "concat" }).add(5);
        const e = await exposes((e) => {
          expect(find(e.counters, n, { method: "sum", code: "ok" })?.value).toBe(3);
          expect(find(e.counters, n, { method: "concat" })?.value).toBe(5);
        });
        expect(find(e.counters, n)?.value ?? 0).toBe(0);
      },
      hookTimeoutMs,
    );

    it(
      "lets a later label value win and leaves the receiver of with() unchanged",
      async () => {
        const [c, n] = counter();
        const sum = c.with({ method: "sum" });
        sum.with({ method: "concat" }).add(1);
        sum.add(2);
        await exposes((e) => {
          expect(find(e.counters, n, { method: "sum" })?.value).toBe(2);
          expect(find(e.counters, n, { method: "concat" })?.value).toBe(1);
        });
      },
      hookTimeoutMs,
    );

    it(
      "rejects a negative or NaN counter delta with RangeError and records nothing for it",
      async () => {
        const [c, n] = counter();
        const labelled = c.with({ method: "sum" });
        expect(() => c.add(-1)).toThrow(RangeError);
        expect(() => labelled.add(-0.5)).toThrow(RangeError);
        expect(() => labelled.add(Number.NaN)).toThrow(RangeError);
        labelled.add(1);
        c.add(4);
        await exposes((e) => {
          expect(find(e.counters, n, { method: "sum" })?.value).toBe(1);
          expect(find(e.counters, n)?.value).toBe(4);
        });
      },
      hookTimeoutMs,
    );

    it("rejects a label value that is not a string with TypeError", () => {
      const [c] = counter();
      const [g] = gauge();
      const [h] = histogram();
      const bad = { method: 1 } as unknown as { method: string };
      expect(() => c.with(bad)).toThrow(TypeError);
      expect(() => g.with(bad)).toThrow(TypeError);
      expect(() => h.with(bad)).toThrow(TypeError);
    });

    it(
      "exposes the value last set on a gauge, moved by the deltas added since",
      async () => {
        const [g, n] = gauge();
        g.set(3);
        g.set(10);
        g.add(-4);
        g.add(1.5);
        await exposes((e) => expect(find(e.gauges, n)?.value).toBe(7.5));
      },
      hookTimeoutMs,
    );

    it(
      "keeps one gauge series per label set",
      async () => {
        const [g, n] = gauge();
        const a = g.with({ pool: "a" });
        a.set(1);
        g.with({ pool: "b" }).set(2);
        a.add(2);
        await exposes((e) => {
          expect(find(e.gauges, n, { pool: "a" })?.value).toBe(3);
          expect(find(e.gauges, n, { pool: "b" })?.value).toBe(2);
        });
      },
      hookTimeoutMs,
    );

    it(
      "exposes how many values a histogram observed and their sum, per label set",
      async () => {
        const [h, n] = histogram();
        const sum = h.with({ method: "sum" });
        for (const v of [0.25, 0.5, 2]) sum.observe(v);
        h.with({ method: "concat" }).observe(0.125);
        await exposes((e) => {
          expect(find(e.histograms, n, { method: "sum" })).toMatchObject({ count: 3, sum: 2.75 });
          expect(find(e.histograms, n, { method: "concat" })).toMatchObject({
            count: 1,
            sum: 0.125,
          });
        });
      },
      hookTimeoutMs,
    );
  });
}
