import type { Counter, Gauge, Histogram, Labels } from "@kit/endpoint";

/** One counter or gauge series as the backend exposes it. */
export interface ValueSample {
  /** The metric name the suite passed to the factory. */
  name: string;
  /** The series' label values; a label with the empty value counts as unset and is left out. */
  labels: Labels;
  value: number;
}

/** One histogram series as the backend exposes it: how many values, and their sum. */
export interface HistogramSample {
  name: string;
  labels: Labels;
  count: number;
  sum: number;
}

/**
 * What a backend exposes at one moment: a Prometheus scrape, the totals a StatsD server
 * aggregated, an in-memory snapshot. The harness translates its backend's own format into this.
 */
export interface Exposition {
  counters: ValueSample[];
  gauges: ValueSample[];
  histograms: HistogramSample[];
}

/**
 * A metrics backend under test, as an adapter's test suite sets it up: factories for its three
 * kinds and a way to read back what it exposes. Each metric the suite creates has a fresh name
 * made of lowercase letters, digits and underscores (counters end in `_total`), and uses only
 * label names from `labelNames`.
 */
export interface MetricsBackend {
  /** A new counter called `name` that may be labelled with `labelNames`. */
  counter(name: string, labelNames: readonly string[]): Counter;
  /** A new gauge called `name`. */
  gauge(name: string, labelNames: readonly string[]): Gauge;
  /** A new histogram called `name`. */
  histogram(name: string, labelNames: readonly string[]): Histogram;
  /**
   * Reads what the backend exposes now (scrape, flush, query). Should throw when the exposition
   * itself is malformed, e.g. when `promtool check metrics` rejects a scrape. A backend that
   * delivers asynchronously (UDP) may lag: the suite reads again until the values arrive.
   */
  read(): Promise<Exposition>;
  /** Releases everything the harness started. */
  close(): Promise<void>;
}

/** Options for {@link describeMetricsConformance}. */
export interface MetricsConformanceOptions {
  /**
   * Whether the backend records at all. Default true. A no-op backend (go-kit's `discard`)
   * passes `false`: the suite then checks only that every call is accepted and `with` keeps the
   * kind, and never reads.
   */
  records?: boolean;
  /** The longest wait for written values to show in {@link MetricsBackend.read}, in ms. Default 5 000. */
  timeoutMs?: number;
}
