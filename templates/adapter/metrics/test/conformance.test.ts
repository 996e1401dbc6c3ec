import {
  describeMetricsConformance,
  type Exposition,
  type MetricsBackend,
} from "@kit/metrics-conformance";
import { createAdapterName } from "../src/adapter-name.js";

/**
 * The backend as the conformance suite drives it. For a backend with a server, start the real
 * server here (on a free loopback port; see @kit/test-servers) and read what it received.
 */
async function setup(): Promise<MetricsBackend> {
  const backend = createAdapterName();
  return {
    counter: (name) => backend.counter(name),
    gauge: (name) => backend.gauge(name),
    histogram: (name) => backend.histogram(name),
    async read() {
      const exposed: Exposition = { counters: [], gauges: [], histograms: [] };
      for (const { kind, name, labels, value, count } of backend.read()) {
        if (kind === "histogram") exposed.histograms.push({ name, labels, count, sum: value });
        else exposed[kind === "counter" ? "counters" : "gauges"].push({ name, labels, value });
      }
      return exposed;
    },
    close: async () => undefined,
  };
}

describeMetricsConformance("adapter-name", setup);
