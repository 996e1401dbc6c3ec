import { labelKey, mergeLabels, noLabels } from "./labels.js";
import type { Counter, Gauge, Histogram, Labels } from "./metrics.js";
import { createReservoir, type Reservoir } from "./reservoir.js";

/** One series of a counter or gauge in a {@link MetricSnapshot}. */
export interface ValueSeries {
  labels: Labels;
  value: number;
}

/**
 * One series of a histogram in a {@link MetricSnapshot}; `quantiles` maps e.g. `"0.99"` to a
 * value.
 */
export interface HistogramSeries {
  labels: Labels;
  count: number;
  sum: number;
  quantiles: Record<string, number>;
}

/** A JSON-serialisable view of one in-memory metric and all its label sets. */
export type MetricSnapshot =
  | { type: "counter"; series: ValueSeries[] }
  | { type: "gauge"; series: ValueSeries[] }
  | { type: "histogram"; series: HistogramSeries[] };

/** An in-memory counter whose value can be read (go-kit's `generic.Counter`). */
export interface GenericCounter extends Counter {
  readonly name: string;
  /** The label values of this series. */
  readonly labels: Labels;
  with(labels: Labels): GenericCounter;
  /** The total added to this series (this exact label set). */
  value(): number;
  /** Every series of this metric. */
  snapshot(): MetricSnapshot;
}

/** An in-memory gauge whose value can be read (go-kit's `generic.Gauge`). */
export interface GenericGauge extends Gauge {
  readonly name: string;
  readonly labels: Labels;
  with(labels: Labels): GenericGauge;
  /** The current value of this series. */
  value(): number;
  snapshot(): MetricSnapshot;
}

/** An in-memory histogram with quantiles (go-kit's `generic.Histogram`). */
export interface GenericHistogram extends Histogram {
  readonly name: string;
  readonly labels: Labels;
  with(labels: Labels): GenericHistogram;
  /**
   * The `q`-quantile of this series' observations (0 <= q <= 1) by nearest rank: exact while
   * at most `maxSamples` were observed, estimated from a uniform sample after. NaN when nothing
   * was observed; throws `RangeError` for q outside [0, 1].
   */
  quantile(q: number): number;
  /** How many values were observed (exact). */
  count(): number;
  /** The sum of the observed values (exact). */
  sum(): number;
  snapshot(): MetricSnapshot;
}

/** Any in-memory metric, as {@link genericSnapshot} takes them. */
export type GenericMetric = GenericCounter | GenericGauge | GenericHistogram;

/** Options of {@link genericHistogram}. */
export interface GenericHistogramOptions {
  /**
   * Observations kept per series for quantiles; beyond it a uniform random sample of this size is
   * kept (reservoir sampling), so memory stays bounded. Default: 10,000.
   */
  maxSamples?: number;
  /** The quantiles a snapshot reports. Default: `[0.5, 0.9, 0.95, 0.99]` (go-kit's). */
  quantiles?: readonly number[];
  /** Source of randomness for the reservoir, in [0, 1). Default: `Math.random`. */
  random?: () => number;
}

function checkName(who: string, name: string): void {
  if (typeof name !== "string" || name === "")
    throw new TypeError(`${who}: name must be a non-empty string`);
}

/** Series of one metric by canonical label key; a series is created once, by `with`. */
function family<S>(create: () => S) {
  const series = new Map<string, { labels: Labels; state: S }>();
  return {
    series,
    get(labels: Labels): S {
      const key = labelKey(labels);
      let entry = series.get(key);
      if (!entry) {
        entry = { labels, state: create() };
        series.set(key, entry);
      }
      return entry.state;
    },
  };
}

/**
 * An in-memory {@link Counter}: for tests, debugging and `/debug/vars`-style pages. Series with
 * the same label values (in any order) share one value. `add` throws `RangeError` for a negative
 * delta; the factory throws `TypeError` for an empty name.
 *
 * @example
 * const requests = genericCounter("requests_total");
 * requests.with({ method: "sum" }).add(2);
 * requests.with({ method: "sum" }).value(); // 2
 */
export function genericCounter(name: string): GenericCounter {
  checkName("genericCounter", name);
  const f = family(() => ({ v: 0 }));
  const snapshot = (): MetricSnapshot => ({
    type: "counter",
    series: [...f.series.values()].map((e) => ({ labels: e.labels, value: e.state.v })),
  });
  const make = (labels: Labels): GenericCounter => {
    const s = f.get(labels);
    return {
      name,
      labels,
      with: (extra) => make(mergeLabels("genericCounter", labels, extra)),
      add(delta) {
        if (!(delta >= 0)) throw new RangeError(`genericCounter: delta must be >= 0, got ${delta}`);
        s.v += delta;
      },
      value: () => s.v,
      snapshot,
    };
  };
  return make(noLabels());
}

/**
 * An in-memory {@link Gauge}. Series with the same label values share one value; the factory
 * throws `TypeError` for an empty name.
 *
 * @example
 * const inFlight = genericGauge("in_flight");
 * inFlight.add(3); inFlight.add(-1);
 * inFlight.value(); // 2
 */
export function genericGauge(name: string): GenericGauge {
  checkName("genericGauge", name);
  const f = family(() => ({ v: 0 }));
  const snapshot = (): MetricSnapshot => ({
    type: "gauge",
    series: [...f.series.values()].map((e) => ({ labels: e.labels, value: e.state.v })),
  });
  const make = (labels: Labels): GenericGauge => {
    const s = f.get(labels);
    return {
      name,
      labels,
      with: (extra) => make(mergeLabels("genericGauge", labels, extra)),
      set(value) {
        s.v = value;
      },
      add(delta) {
        s.v += delta;
      },
      value: () => s.v,
      snapshot,
    };
  };
  return make(noLabels());
}

/**
 * An in-memory {@link Histogram} that answers quantiles. Where go-kit's generic histogram
 * approximates with a fixed number of streaming buckets (gohistogram), this one keeps the
 * observations themselves: exact quantiles up to `maxSamples` per series, a uniform reservoir
 * sample beyond. Throws `TypeError` for an empty name, a `maxSamples` that is not a positive
 * integer, or quantiles outside [0, 1].
 *
 * @example
 * const latency = genericHistogram("request_duration_seconds");
 * for (const s of [0.1, 0.2, 0.3, 0.4]) latency.observe(s);
 * latency.quantile(0.5); // 0.2
 */
export function genericHistogram(
  name: string,
  options: GenericHistogramOptions = {},
): GenericHistogram {
  const who = "genericHistogram";
  checkName(who, name);
  const { maxSamples = 10_000, quantiles = [0.5, 0.9, 0.95, 0.99], random = Math.random } = options;
  if (!Number.isInteger(maxSamples) || maxSamples < 1)
    throw new TypeError(`${who}: maxSamples must be a positive integer, got ${maxSamples}`);
  if (!Array.isArray(quantiles) || quantiles.some((q) => !(q >= 0 && q <= 1)))
    throw new TypeError(`${who}: quantiles must be numbers in [0, 1]`);
  if (typeof random !== "function") throw new TypeError(`${who}: random must be a function`);
  const qs = [...quantiles];
  const f = family<Reservoir>(() => createReservoir(maxSamples, random));
  const snapshot = (): MetricSnapshot => ({
    type: "histogram",
    series: [...f.series.values()].map((e) => {
      const byQ: Record<string, number> = {};
      for (const q of qs) byQ[String(q)] = e.state.quantile(q);
      return { labels: e.labels, count: e.state.count, sum: e.state.sum, quantiles: byQ };
    }),
  });
  const make = (labels: Labels): GenericHistogram => {
    const r = f.get(labels);
    return {
      name,
      labels,
      with: (extra) => make(mergeLabels(who, labels, extra)),
      observe: (value) => r.observe(value),
      quantile: (q) => r.quantile(q),
      count: () => r.count,
      sum: () => r.sum,
      snapshot,
    };
  };
  return make(noLabels());
}

/**
 * A JSON-serialisable snapshot of in-memory metrics keyed by name, like Go's `/debug/vars`
 * (expvar): serve it with `reply.send(genericSnapshot([...]))`. Throws `TypeError` when two
 * metrics share a name. A quantile of an empty series is `null` in JSON (NaN).
 *
 * @example
 * app.get("/debug/vars", async () => genericSnapshot([requests, latency]));
 * // { "requests_total": { "type": "counter",
 * //     "series": [{ "labels": { "method": "sum" }, "value": 2 }] }, ... }
 */
export function genericSnapshot(metrics: readonly GenericMetric[]): Record<string, MetricSnapshot> {
  const out: Record<string, MetricSnapshot> = {};
  for (const m of metrics) {
    if (Object.hasOwn(out, m.name))
      throw new TypeError(`genericSnapshot: two metrics are named "${m.name}"`);
    out[m.name] = m.snapshot();
  }
  return out;
}
