import type { Counter, Gauge, Histogram } from "./metrics.js";

function checkAll(who: string, metrics: readonly unknown[], method: string): void {
  for (const m of metrics)
    if (
      typeof m !== "object" ||
      m === null ||
      typeof (m as Record<string, unknown>)[method] !== "function"
    )
      throw new TypeError(`${who}: every argument must be a metric with ${method}()`);
}

/**
 * A {@link Counter} that adds to each of `counters` in order (go-kit's `multi.NewCounter`), e.g.
 * to move from StatsD to Prometheus while both scrape. `with` applies to every one. An error
 * thrown by one stops the rest. Throws `TypeError` when an argument is not a counter; `add`
 * throws `RangeError` for a negative or NaN delta before any counter sees it.
 *
 * @example
 * const requests = multiCounter(prometheusCounter({ name: "requests_total", help: "Requests." }),
 *   statsdCounter(client, "requests"));
 */
export function multiCounter(...counters: Counter[]): Counter {
  checkAll("multiCounter", counters, "add");
  return {
    with: (labels) => multiCounter(...counters.map((c) => c.with(labels))),
    add(delta) {
      if (!(delta >= 0)) throw new RangeError(`multiCounter: delta must be >= 0, got ${delta}`);
      for (const c of counters) c.add(delta);
    },
  };
}

/**
 * A {@link Gauge} that sets and adds on each of `gauges` in order (go-kit's `multi.NewGauge`).
 * Throws `TypeError` when an argument is not a gauge.
 *
 * @example
 * const inFlight = multiGauge(genericGauge("in_flight"), statsdGauge(client, "in_flight"));
 */
export function multiGauge(...gauges: Gauge[]): Gauge {
  checkAll("multiGauge", gauges, "set");
  return {
    with: (labels) => multiGauge(...gauges.map((g) => g.with(labels))),
    set(value) {
      for (const g of gauges) g.set(value);
    },
    add(delta) {
      for (const g of gauges) g.add(delta);
    },
  };
}

/**
 * A {@link Histogram} that records each observation in every one of `histograms` (go-kit's
 * `multi.NewHistogram`). Throws `TypeError` when an argument is not a histogram.
 *
 * @example
 * const latency = multiHistogram(genericHistogram("latency_seconds"),
 *   prometheusHistogram({ name: "latency_seconds", help: "Latency." }));
 */
export function multiHistogram(...histograms: Histogram[]): Histogram {
  checkAll("multiHistogram", histograms, "observe");
  return {
    with: (labels) => multiHistogram(...histograms.map((h) => h.with(labels))),
    observe(value) {
      for (const h of histograms) h.observe(value);
    },
  };
}
