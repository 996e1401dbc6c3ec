import type { Labels } from "@kit/endpoint";
import type { HistogramSample, ValueSample } from "./backend.js";

/** Whether two label sets hold the same names with the same values, in any order. */
export function sameLabels(a: Labels, b: Labels): boolean {
  const names = Object.keys(a);
  return names.length === Object.keys(b).length && names.every((n) => a[n] === b[n]);
}

/** The sample of metric `name` with exactly `labels`, if the backend exposed one. */
export function find<S extends ValueSample | HistogramSample>(
  samples: readonly S[],
  name: string,
  labels: Labels = {},
): S | undefined {
  return samples.find((s) => s.name === name && sameLabels(s.labels, labels));
}
