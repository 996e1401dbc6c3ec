import type * as PromClient from "prom-client";
import { directObservers, type PromHistogram } from "./direct-observer.js";
import { mergeLabels, noLabels } from "./labels.js";
import type { Counter, Gauge, Histogram, Labels } from "./metrics.js";
import { requirePeer } from "./peer.js";
import { type PromCounter, pendingCounts } from "./pending-counts.js";

/**
 * The part of a prom-client `Registry` this backend uses: make one with `new Registry()` from
 * prom-client (or pass prom-client's global `register`).
 */
export interface PrometheusRegistry {
  /** The exposition text of every metric in the registry. */
  metrics(): Promise<string>;
  /** The `Content-Type` of that text. */
  readonly contentType: string;
  /** Registers a metric; prom-client's own method. */
  registerMetric(metric: never): void;
}

/** Options shared by the Prometheus counter, gauge and histogram. */
export interface PrometheusOptions {
  /** Metric name: `[a-zA-Z_:][a-zA-Z0-9_:]*`; counters conventionally end in `_total`. */
  name: string;
  /** The `# HELP` text; required and non-empty. */
  help: string;
  /**
   * Every label name `with` may set, declared up front as Prometheus requires. A label not set
   * on a series is exposed with the empty value. Default: none.
   */
  labelNames?: readonly string[];
  /** Where to register the metric. Default: prom-client's global `register`. */
  registry?: PrometheusRegistry;
}

/** Options of {@link prometheusHistogram}. */
export interface PrometheusHistogramOptions extends PrometheusOptions {
  /**
   * Upper bounds of the buckets, strictly increasing. Default: prom-client's
   * `[0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]`, suited to latency in seconds.
   */
  buckets?: readonly number[];
}

type PromModule = typeof PromClient;
type LabelObject = Record<string, string>;
interface Labelled<Child> {
  labels(values: LabelObject): Child;
}

const metricName = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const labelName = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

function prom(): PromModule {
  return requirePeer<PromModule>("prom-client", "the Prometheus backend");
}

interface Checked {
  name: string;
  help: string;
  labelNames: string[];
  registers: PromClient.Registry[];
}

function check(who: string, options: PrometheusOptions): Checked {
  const { name, help, labelNames = [], registry } = options ?? ({} as PrometheusOptions);
  if (typeof name !== "string" || !metricName.test(name))
    throw new TypeError(`${who}: name must match ${metricName}, got ${JSON.stringify(name)}`);
  if (typeof help !== "string" || help === "")
    throw new TypeError(`${who}: help must be a non-empty string`);
  if (!Array.isArray(labelNames)) throw new TypeError(`${who}: labelNames must be an array`);
  const seen = new Set<string>();
  for (const l of labelNames) {
    if (typeof l !== "string" || !labelName.test(l) || l.startsWith("__"))
      throw new TypeError(`${who}: invalid label name ${JSON.stringify(l)}`);
    if (l === "le" || l === "quantile")
      throw new TypeError(`${who}: label name "${l}" is reserved`);
    if (seen.has(l)) throw new TypeError(`${who}: label name "${l}" is declared twice`);
    seen.add(l);
  }
  const registers = [(registry ?? prom().register) as unknown as PromClient.Registry];
  return { name, help, labelNames: [...labelNames], registers };
}

function create<M>(who: string, name: string, make: () => M): M {
  try {
    return make();
  } catch (err) {
    throw new TypeError(`${who}: cannot register "${name}": ${(err as Error).message}`, {
      cause: err,
    });
  }
}

/**
 * The value of every declared label, in declared order, "" for one not set, so every series has
 * the same label names; `undefined` for a metric without labels.
 */
function labelValues(declared: readonly string[], labels: Labels): LabelObject | undefined {
  if (declared.length === 0) return undefined;
  const values: LabelObject = {};
  for (const n of declared) values[n] = labels[n] ?? "";
  return values;
}

/** Binds a label set to a prom-client metric once (see {@link labelValues}). */
function bind<Child>(
  declared: readonly string[],
  labels: Labels,
  metric: Labelled<Child> & Child,
): Child {
  const values = labelValues(declared, labels);
  return values === undefined ? metric : metric.labels(values);
}

function merge(who: string, declared: readonly string[], base: Labels, extra: Labels): Labels {
  const merged = mergeLabels(who, base, extra);
  for (const n of Object.keys(extra))
    if (!declared.includes(n))
      throw new TypeError(
        `${who}: unknown label "${n}"; declared: ${declared.length ? declared.join(", ") : "none"}`,
      );
  return merged;
}

/**
 * A {@link Counter} backed by a prom-client `Counter` registered in `registry` (go-kit's
 * `prometheus.NewCounterFrom`). Throws `TypeError` for an invalid name, help or label name, or a
 * name already registered; `with` throws `TypeError` for a label not in `labelNames`, `add`
 * throws `RangeError` for a negative delta. Loads prom-client on first call and throws
 * `KitError("failed_precondition")` when it is not installed. Whole-number increments reach
 * prom-client when the registry is read (its `metrics()`, `getMetricsAsJSON()` or a metric's
 * `get()`), reset or has a series removed, so they cost a plain addition on the hot path.
 *
 * @example
 * import { Registry } from "prom-client";
 * const registry = new Registry();
 * const requests = prometheusCounter({ name: "requests_total", help: "Requests served.",
 *   labelNames: ["method"], registry });
 * requests.with({ method: "sum" }).add(1);
 */
export function prometheusCounter(options: PrometheusOptions): Counter {
  const who = "prometheusCounter";
  const { name, help, labelNames, registers } = check(who, options);
  const { Counter: PromCounter } = prom();
  const counts = pendingCounts();
  const metric = create(
    who,
    name,
    () => new PromCounter({ name, help, labelNames, registers, collect: counts.collect }),
  ) as PromCounter;
  counts.attach(metric);
  const make = (labels: Labels): Counter => {
    const child = counts.cell(labelValues(labelNames, labels));
    return {
      with: (extra) => make(merge(who, labelNames, labels, extra)),
      add(delta) {
        if (!(delta >= 0)) throw new RangeError(`${who}: delta must be >= 0, got ${delta}`);
        child.add(delta);
      },
    };
  };
  return make(noLabels());
}

/**
 * A {@link Gauge} backed by a prom-client `Gauge` registered in `registry` (go-kit's
 * `prometheus.NewGaugeFrom`). Throws as {@link prometheusCounter} does, but `add` takes any
 * delta.
 *
 * @example
 * const inFlight = prometheusGauge({ name: "in_flight_requests", help: "In flight.", registry });
 * inFlight.add(1);
 */
export function prometheusGauge(options: PrometheusOptions): Gauge {
  const who = "prometheusGauge";
  const { name, help, labelNames, registers } = check(who, options);
  const { Gauge: PromGauge } = prom();
  const metric = create(
    who,
    name,
    () => new PromGauge({ name, help, labelNames, registers }),
  ) as Labelled<PromClient.Gauge.Internal<string>> & PromClient.Gauge.Internal<string>;
  const make = (labels: Labels): Gauge => {
    const child = bind(labelNames, labels, metric);
    return {
      with: (extra) => make(merge(who, labelNames, labels, extra)),
      set: (value) => child.set(value),
      add: (delta) => child.inc(delta),
    };
  };
  return make(noLabels());
}

/**
 * A {@link Histogram} backed by a prom-client `Histogram` registered in `registry` (go-kit's
 * `prometheus.NewHistogramFrom`), with cumulative buckets. Throws as {@link prometheusCounter}
 * does, and `TypeError` for buckets that are empty, not finite or not strictly increasing.
 * After a labelled series' first observation, `observe` updates that series in place, as
 * prom-client would, without hashing its labels again.
 *
 * @example
 * const latency = prometheusHistogram({ name: "request_duration_seconds", help: "Latency.",
 *   labelNames: ["method", "success"], buckets: [0.01, 0.1, 1], registry });
 * latency.with({ method: "sum", success: "true" }).observe(0.042);
 */
export function prometheusHistogram(options: PrometheusHistogramOptions): Histogram {
  const who = "prometheusHistogram";
  const { name, help, labelNames, registers } = check(who, options);
  const { buckets } = options;
  if (buckets !== undefined) {
    if (!Array.isArray(buckets) || buckets.length === 0)
      throw new TypeError(`${who}: buckets must be a non-empty array`);
    for (let i = 0; i < buckets.length; i++) {
      const b = buckets[i] as number;
      if (
        typeof b !== "number" ||
        !Number.isFinite(b) ||
        (i > 0 && b <= (buckets[i - 1] as number))
      )
        throw new TypeError(`${who}: buckets must be finite and strictly increasing`);
    }
  }
  const { Histogram: PromHistogram } = prom();
  const metric = create(
    who,
    name,
    () =>
      new PromHistogram({
        name,
        help,
        labelNames,
        registers,
        ...(buckets ? { buckets: [...buckets] } : {}),
      }),
  ) as PromHistogram;
  const observerOf = directObservers(metric);
  const observers = new Map<string, (value: number) => void>();
  const make = (labels: Labels): Histogram => {
    const values = labelValues(labelNames, labels);
    let observe: (value: number) => void;
    if (values === undefined) observe = (value) => metric.observe(value);
    else {
      const key = JSON.stringify(Object.values(values));
      const known = observers.get(key);
      observe = known ?? observerOf(metric.labels(values), values);
      if (known === undefined) observers.set(key, observe);
    }
    return {
      with: (extra) => make(merge(who, labelNames, labels, extra)),
      observe,
    };
  };
  return make(noLabels());
}
