import type { Labels } from "@kit/endpoint";
import {
  describeMetricsConformance,
  type Exposition,
  type MetricsBackend,
  parsePrometheusText,
} from "@kit/metrics-conformance";
import { StatsD } from "hot-shots";
import { Registry } from "prom-client";
import { discardCounter, discardGauge, discardHistogram } from "../src/discard.js";
import {
  type GenericMetric,
  genericCounter,
  genericGauge,
  genericHistogram,
  genericSnapshot,
} from "../src/generic.js";
import { multiCounter, multiGauge, multiHistogram } from "../src/multi.js";
import { prometheusCounter, prometheusGauge, prometheusHistogram } from "../src/prometheus.js";
import { statsdCounter, statsdGauge, statsdHistogram } from "../src/statsd.js";
import { promtoolCheckMetrics } from "./support/promtool.js";
import { startStatsd } from "./support/statsd-server.js";

/** prom-client in a fresh registry; every read is a scrape that promtool must accept. */
async function prometheusBackend(): Promise<MetricsBackend> {
  const registry = new Registry();
  return {
    counter: (name, labelNames) => prometheusCounter({ name, help: name, labelNames, registry }),
    gauge: (name, labelNames) => prometheusGauge({ name, help: name, labelNames, registry }),
    histogram: (name, labelNames) =>
      prometheusHistogram({ name, help: name, labelNames, registry }),
    async read() {
      const text = await registry.metrics();
      const checked = await promtoolCheckMetrics(text);
      if (checked.code !== 0 || checked.output !== "")
        throw new Error(`promtool rejected the scrape: ${checked.output}\n${text}`);
      return parsePrometheusText(text);
    },
    close: async () => registry.clear(),
  };
}

/** In-memory metrics, read through their snapshot. */
function genericExposition(metrics: readonly GenericMetric[]): Exposition {
  const exposed: Exposition = { counters: [], gauges: [], histograms: [] };
  for (const [name, snap] of Object.entries(genericSnapshot(metrics))) {
    if (snap.type === "histogram")
      for (const { labels, count, sum } of snap.series)
        exposed.histograms.push({ name, labels, count, sum });
    else
      for (const { labels, value } of snap.series)
        exposed[snap.type === "counter" ? "counters" : "gauges"].push({ name, labels, value });
  }
  return exposed;
}

async function genericBackend(): Promise<MetricsBackend> {
  const made: GenericMetric[] = [];
  const keep = <M extends GenericMetric>(m: M): M => {
    made.push(m);
    return m;
  };
  return {
    counter: (name) => keep(genericCounter(name)),
    gauge: (name) => keep(genericGauge(name)),
    histogram: (name) => keep(genericHistogram(name)),
    read: async () => genericExposition(made),
    close: async () => undefined,
  };
}

/** Two in-memory backends behind multi; a read checks that both saw the same. */
async function multiBackend(): Promise<MetricsBackend> {
  const [left, right] = [await genericBackend(), await genericBackend()];
  return {
    counter: (name, l) => multiCounter(left.counter(name, l), right.counter(name, l)),
    gauge: (name, l) => multiGauge(left.gauge(name, l), right.gauge(name, l)),
    histogram: (name, l) => multiHistogram(left.histogram(name, l), right.histogram(name, l)),
    async read() {
      const [a, b] = [await left.read(), await right.read()];
      expect(b).toEqual(a);
      return a;
    },
    close: async () => undefined,
  };
}

/** Splits a statsd 0.9 key, `<prefix><name>;tag=value;...`, into name and labels. */
function statsdKey(key: string, prefix: string): { name: string; labels: Labels } | undefined {
  if (!key.startsWith(prefix)) return undefined;
  const [name, ...tags] = key.slice(prefix.length).split(";");
  const labels = Object.fromEntries(tags.map((t) => t.split("=", 2) as [string, string]));
  return { name: name as string, labels };
}

/** hot-shots sending to a real statsd daemon, read through its management port. */
async function statsdBackend(): Promise<MetricsBackend> {
  const server = await startStatsd();
  const prefix = "conformance.";
  const client = new StatsD({
    host: "127.0.0.1",
    port: server.port,
    prefix,
    errorHandler: (err) => {
      throw err;
    },
  });
  return {
    counter: (name) => statsdCounter(client, name),
    gauge: (name) => statsdGauge(client, name),
    histogram: (name) => statsdHistogram(client, name),
    async read() {
      const exposed: Exposition = { counters: [], gauges: [], histograms: [] };
      for (const kind of ["counters", "gauges"] as const)
        for (const [key, value] of Object.entries(await server.read(kind))) {
          const parsed = statsdKey(key, prefix);
          if (parsed && typeof value === "number") exposed[kind].push({ ...parsed, value });
        }
      for (const [key, values] of Object.entries(await server.read("timers"))) {
        const parsed = statsdKey(key, prefix);
        if (parsed && Array.isArray(values))
          exposed.histograms.push({
            ...parsed,
            count: values.length,
            sum: values.reduce((a, b) => a + b, 0),
          });
      }
      return exposed;
    },
    async close() {
      await new Promise<void>((resolve) => client.close(() => resolve()));
      await server.close();
    },
  };
}

async function discardBackend(): Promise<MetricsBackend> {
  return {
    counter: discardCounter,
    gauge: discardGauge,
    histogram: discardHistogram,
    read: () => Promise.reject(new Error("discard exposes nothing")),
    close: async () => undefined,
  };
}

describeMetricsConformance("prometheus (checked by promtool)", prometheusBackend);
describeMetricsConformance("statsd (a real statsd daemon)", statsdBackend);
describeMetricsConformance("generic", genericBackend);
describeMetricsConformance("multi", multiBackend);
describeMetricsConformance("discard", discardBackend, { records: false });
