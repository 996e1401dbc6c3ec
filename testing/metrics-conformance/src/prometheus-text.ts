import type { Labels } from "@kit/endpoint";
import type { Exposition, HistogramSample } from "./backend.js";

const sampleLine = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+\S+)?$/;
const labelPair = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"\s*,?/g;
const unescapeValue = (v: string) => v.replace(/\\(.)/g, (_, c: string) => (c === "n" ? "\n" : c));

/** Label pairs of one sample, without the empty-valued ones (Prometheus treats them as unset). */
function parseLabels(text: string | undefined): Labels {
  const labels: Record<string, string> = {};
  for (const [, name, raw] of (text ?? "").matchAll(labelPair)) {
    const value = unescapeValue(raw as string);
    if (value !== "") labels[name as string] = value;
  }
  return labels;
}

/**
 * Parses a Prometheus text exposition (format 0.0.4, as prom-client's `registry.metrics()`
 * writes it, or OpenMetrics) into an {@link Exposition}: counters and gauges by sample, histograms and summaries
 * by their `_count` and `_sum` samples. Families without a `# TYPE` line are ignored. It checks
 * no syntax: run `promtool check metrics` for that.
 */
export function parsePrometheusText(text: string): Exposition {
  const types = new Map<string, string>();
  const exposed: Exposition = { counters: [], gauges: [], histograms: [] };
  const histograms = new Map<string, HistogramSample>();
  for (const line of text.split("\n")) {
    const typed = /^# TYPE (\S+) (\S+)$/.exec(line);
    if (typed) types.set(typed[1] as string, typed[2] as string);
    const m = sampleLine.exec(line);
    if (!m || line.startsWith("#")) continue;
    const [, sample, labelText, valueText] = m as unknown as [string, string, string, string];
    const value = Number(valueText.replace(/^\+?Inf$/, "Infinity"));
    // OpenMetrics declares a counter family `x` and writes its sample as `x_total`.
    const type = types.get(sample) ?? types.get(sample.replace(/_total$/, ""));
    if (type === "counter")
      exposed.counters.push({ name: sample, labels: parseLabels(labelText), value });
    else if (type === "gauge")
      exposed.gauges.push({ name: sample, labels: parseLabels(labelText), value });
    const part = /^(.*)_(count|sum)$/.exec(sample);
    const family = part?.[1] as string;
    const familyType = part ? types.get(family) : undefined;
    if (familyType !== "histogram" && familyType !== "summary") continue;
    const labels = parseLabels(labelText);
    const key = `${family}${JSON.stringify(Object.entries(labels).sort())}`;
    let entry = histograms.get(key);
    if (!entry) {
      entry = { name: family, labels, count: 0, sum: 0 };
      histograms.set(key, entry);
      exposed.histograms.push(entry);
    }
    if (part?.[2] === "count") entry.count = value;
    else entry.sum = value;
  }
  return exposed;
}
