import { StatsD } from "hot-shots";
import { Registry } from "prom-client";
import { discardCounter, discardGauge, discardHistogram } from "../src/discard.js";
import { genericCounter, genericGauge, genericHistogram } from "../src/generic.js";
import type { Counter, Gauge, Histogram } from "../src/metrics.js";
import { multiCounter } from "../src/multi.js";
import { prometheusCounter, prometheusGauge, prometheusHistogram } from "../src/prometheus.js";
import { statsdCounter, statsdGauge, statsdHistogram } from "../src/statsd.js";

describe("the metric interfaces", () => {
  const registry = new Registry();
  const client = new StatsD({ mock: true });

  it("are implemented by every backend, and with() keeps the kind", () => {
    const counters: Counter[] = [
      prometheusCounter({ name: "c_total", help: "c", labelNames: ["k"], registry }),
      statsdCounter(client, "c"),
      genericCounter("c"),
      multiCounter(genericCounter("c")),
      discardCounter(),
    ];
    const gauges: Gauge[] = [
      prometheusGauge({ name: "g", help: "g", labelNames: ["k"], registry }),
      statsdGauge(client, "g"),
      genericGauge("g"),
      discardGauge(),
    ];
    const histograms: Histogram[] = [
      prometheusHistogram({ name: "h", help: "h", labelNames: ["k"], registry }),
      statsdHistogram(client, "h"),
      genericHistogram("h"),
      discardHistogram(),
    ];
    for (const c of counters) expect(typeof c.with({ k: "v" }).add).toBe("function");
    for (const g of gauges) expect(typeof g.with({ k: "v" }).set).toBe("function");
    for (const h of histograms) expect(typeof h.with({ k: "v" }).observe).toBe("function");
  });

  it("take label values as strings only", () => {
    const c: Counter = genericCounter("c");
    // @ts-expect-error label values are strings
    expect(() => c.with({ k: 1 })).toThrow(TypeError);
    // @ts-expect-error a gauge is not a counter: it has no observe
    const h: Histogram = genericGauge("g");
    expect(h).toBeDefined();
  });
});
