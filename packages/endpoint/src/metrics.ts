/**
 * Label values by label name, e.g. `{ method: "sum", success: "true" }`: go-kit's alternating
 * label-value pairs, as an object.
 */
export type Labels = Readonly<Record<string, string>>;

/**
 * A monotonically increasing count (go-kit's `metrics.Counter`), e.g. requests served. The
 * contract every metrics backend implements; `@kit/metrics` provides Prometheus, StatsD,
 * in-memory, fan-out and no-op backends.
 *
 * @example
 * function countRequests(requests: Counter, method: string): void {
 *   requests.with({ method }).add(1);
 * }
 */
export interface Counter {
  /**
   * Returns the counter for these label values added to the ones it already has (a later value
   * for the same name wins). The label set is computed here, once: keep the result and reuse it
   * on hot paths. Throws `TypeError` for a label value that is not a string.
   */
  with(labels: Labels): Counter;
  /**
   * Adds `delta`, which must be non-negative (Prometheus and generic counters throw
   * `RangeError`).
   */
  add(delta: number): void;
}

/**
 * A value that goes up and down (go-kit's `metrics.Gauge`), e.g. requests in flight.
 *
 * @example
 * inFlight.add(1); try { await work(); } finally { inFlight.add(-1); }
 */
export interface Gauge {
  /** Returns the gauge for these label values added to those it has; see {@link Counter.with}. */
  with(labels: Labels): Gauge;
  /** Sets the value. */
  set(value: number): void;
  /** Adds `delta` (may be negative) to the value. */
  add(delta: number): void;
}

/**
 * A distribution of observed values (go-kit's `metrics.Histogram`), e.g. request latency in
 * seconds. Buckets, quantiles or aggregation are the backend's business.
 *
 * @example
 * latency.with({ method: "sum" }).observe(0.012);
 */
export interface Histogram {
  /** Returns the histogram with these label values added; see {@link Counter.with}. */
  with(labels: Labels): Histogram;
  /** Records one observation. */
  observe(value: number): void;
}
