/**
 * The conformance suite for @kit metrics backends. A backend's tests describe it as a
 * {@link MetricsBackend} (factories for the three kinds, and a way to read back what the real
 * backend exposes) and call {@link describeMetricsConformance}; passing it is how a new backend
 * proves go-kit's `metrics` semantics. {@link parsePrometheusText} reads a Prometheus text
 * exposition for backends that speak it. Private to this repository: it runs under jest and
 * ships nowhere.
 *
 * @packageDocumentation
 */
export type {
  Exposition,
  HistogramSample,
  MetricsBackend,
  MetricsConformanceOptions,
  ValueSample,
} from "./backend.js";
export { conformanceLabelNames, describeMetricsConformance } from "./conformance.js";
export { eventually } from "./eventually.js";
export { parsePrometheusText } from "./prometheus-text.js";
export { find, sameLabels } from "./samples.js";
