import type * as PromClient from "prom-client";

/** The prom-client histogram a {@link directObservers} writes to: its own methods, as it defines them. */
export type PromHistogram = PromClient.Histogram.Internal<string> & {
  labels(values: Record<string, string>): PromClient.Histogram.Internal<string>;
  reset(): void;
  remove(...args: never[]): void;
  zero(labels: Record<string, string>): void;
};

/** One series as prom-client 15 keeps it. */
interface Series {
  readonly labels: unknown;
  readonly bucketValues: Record<string, number>;
  sum: number;
  count: number;
  readonly bucketExemplars?: unknown;
}

/** The fields of a prom-client 15 histogram that hold its series. */
interface Internals {
  hashMap?: Record<string, Series>;
  upperBounds?: readonly number[];
  enableExemplars?: boolean;
}

function isSeries(s: unknown): s is Series {
  const x = s as Partial<Series> | undefined;
  return (
    typeof x === "object" &&
    x !== null &&
    typeof x.sum === "number" &&
    typeof x.count === "number" &&
    typeof x.bucketValues === "object" &&
    x.bucketValues !== null &&
    x.bucketExemplars === undefined
  );
}

/**
 * Observers that update a labelled prom-client histogram's series in place. prom-client's own
 * `observe` validates and hashes the label set and allocates on every call; once a label set's
 * series exists, the observer here adds to its count, sum and bucket exactly as prom-client does
 * (same additions in the same order, so the same text), and hands anything else to prom-client:
 * the first observation of a series, a value that is not finite (prom-client throws), a
 * histogram whose fields are not the ones prom-client 15 has, and any series after a reset,
 * `remove` or `zero` (which replace series; the series is looked up again on the next call).
 *
 * `values` must be the one object the child was bound with (prom-client keeps it as the series'
 * labels, which is how the series is found); one observer per label set.
 */
export function directObservers(
  metric: PromHistogram,
): (child: PromClient.Histogram.Internal<string>, values: object) => (value: number) => void {
  const internals = metric as unknown as Internals;
  const usable =
    typeof internals.hashMap === "object" &&
    Array.isArray(internals.upperBounds) &&
    internals.enableExemplars === false;
  let generation = 0;
  const invalidate =
    <A extends unknown[]>(method: (...args: A) => void) =>
    (...args: A): void => {
      generation++;
      method(...args);
    };
  metric.reset = invalidate(metric.reset.bind(metric));
  metric.remove = invalidate(metric.remove.bind(metric));
  metric.zero = invalidate(metric.zero.bind(metric));

  const find = (values: object): Series | undefined => {
    const map = internals.hashMap;
    if (typeof map !== "object" || map === null) return undefined;
    for (const key in map) {
      const s = map[key];
      if (isSeries(s) && s.labels === values) return s;
    }
    return undefined;
  };

  return (child, values) => {
    if (!usable) return (value) => child.observe(value);
    const bounds = internals.upperBounds as readonly number[];
    // The buckets' property names, spelled once: a fractional number key is converted on each use.
    const names = bounds.map(String);
    let series: Series | undefined;
    let seen = -1;
    return (value) => {
      if (series === undefined && seen === generation) {
        // Looked for since the last reset and not found: prom-client keeps this series.
        child.observe(value);
        return;
      }
      if (series !== undefined && seen === generation && Number.isFinite(value)) {
        series.sum += value;
        series.count += 1;
        for (let i = 0; i < bounds.length; i++) {
          if (value <= (bounds[i] as number)) {
            const name = names[i] as string;
            series.bucketValues[name] = (series.bucketValues[name] as number) + 1;
            break;
          }
        }
        return;
      }
      child.observe(value);
      series = find(values);
      seen = generation;
    };
  };
}
