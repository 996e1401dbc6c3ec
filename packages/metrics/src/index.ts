/**
 * Metrics for `@kit` services, go-kit's `metrics` package for TypeScript: three small interfaces,
 * {@link Counter}, {@link Gauge} and {@link Histogram}, each with `with(labels)`, and backends
 * behind them: Prometheus (prom-client), StatsD and DogStatsD (hot-shots), in memory (readable
 * values, quantiles, a `/debug/vars`-style snapshot), a fan-out to several, and a no-op. The
 * {@link instrumentingMiddleware} counts and times endpoint calls.
 *
 * Use it when a service should report request rates, errors and latencies. Write components
 * against the interfaces and pick the backend in `main`: switching from StatsD to Prometheus (or
 * reporting to both with `multiCounter`) touches no business code. prom-client and hot-shots are
 * optional peers: install the one you use; importing this package needs neither.
 *
 * @packageDocumentation
 */

export { discardCounter, discardGauge, discardHistogram } from "./discard.js";
export type {
  GenericCounter,
  GenericGauge,
  GenericHistogram,
  GenericHistogramOptions,
  GenericMetric,
  HistogramSeries,
  MetricSnapshot,
  ValueSeries,
} from "./generic.js";
export { genericCounter, genericGauge, genericHistogram, genericSnapshot } from "./generic.js";
export type { InstrumentingMetrics, InstrumentingOptions } from "./instrumenting.js";
export { instrumentingMiddleware } from "./instrumenting.js";
export type { Counter, Gauge, Histogram, Labels } from "./metrics.js";
export type { FastifyReplyLike, MetricsHandler, ServerResponseLike } from "./metrics-handler.js";
export { metricsHandler } from "./metrics-handler.js";
export { multiCounter, multiGauge, multiHistogram } from "./multi.js";
export type {
  PrometheusHistogramOptions,
  PrometheusOptions,
  PrometheusRegistry,
} from "./prometheus.js";
export { prometheusCounter, prometheusGauge, prometheusHistogram } from "./prometheus.js";
export type { StatsdClient, StatsdHistogramOptions, StatsdOptions } from "./statsd.js";
export { statsdCounter, statsdGauge, statsdHistogram } from "./statsd.js";
