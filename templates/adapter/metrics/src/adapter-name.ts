import type { Counter, Gauge, Histogram, Labels } from "@kit/endpoint";

/**
 * One series as the backend holds it: a counter's total, a gauge's value, or a histogram's sum
 * (`value`) and number of observations (`count`).
 */
export interface AdapterNameSeries {
  kind: "counter" | "gauge" | "histogram";
  name: string;
  labels: Labels;
  value: number;
  count: number;
}

/** Options of {@link createAdapterName}. */
export interface AdapterNameOptions {
  /** Prepended to every metric name, e.g. `"addsvc_"`. Default: none. */
  prefix?: string;
}

/** A backend: it makes {@link Counter}s, {@link Gauge}s and {@link Histogram}s. */
export interface AdapterName {
  /** A counter called `name` (letters, digits, underscores). */
  counter(name: string): Counter;
  /** A gauge called `name`. */
  gauge(name: string): Gauge;
  /** A histogram called `name`. */
  histogram(name: string): Histogram;
  /** Every series written so far. */
  read(): AdapterNameSeries[];
}

const validName = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Returns a frozen copy of `base` with `extra` added; a later value wins. */
function merge(who: string, base: Labels, extra: Labels): Labels {
  if (typeof extra !== "object" || extra === null)
    throw new TypeError(`${who}: with() takes an object of label values`);
  const merged: Record<string, string> = { ...base };
  for (const [name, value] of Object.entries(extra)) {
    if (typeof value !== "string")
      throw new TypeError(`${who}: label "${name}" must be a string, got ${typeof value}`);
    merged[name] = value;
  }
  return Object.freeze(merged);
}

/**
 * Creates the backend. The series live in memory here: replace `write` with calls to your
 * backend's client, and `read` with whatever your tests use to see what the backend received.
 * Throws `TypeError` for a prefix that is not a valid name; each factory throws `TypeError` for
 * an invalid name, `with` for a label value that is not a string, and a counter's `add`
 * throws `RangeError` for a negative or NaN delta.
 *
 * @example
 * const backend = createAdapterName({ prefix: "addsvc_" });
 * const requests = backend.counter("requests_total");
 * requests.with({ method: "sum" }).add(1);
 */
export function createAdapterName(options: AdapterNameOptions = {}): AdapterName {
  const { prefix = "" } = options;
  if (typeof prefix !== "string" || (prefix !== "" && !validName.test(prefix)))
    throw new TypeError(`createAdapterName: prefix must match ${validName}`);
  const series = new Map<string, AdapterNameSeries>();

  /** The series for a kind, name and label set, created on first use. */
  const seriesOf = (kind: AdapterNameSeries["kind"], name: string, labels: Labels) => {
    const key = JSON.stringify([kind, name, Object.entries(labels).sort()]);
    return () => {
      let s = series.get(key);
      if (!s) {
        s = { kind, name, labels, value: 0, count: 0 };
        series.set(key, s);
      }
      return s;
    };
  };
  const checked = (who: string, name: string) => {
    if (typeof name !== "string" || !validName.test(name))
      throw new TypeError(`${who}: name must match ${validName}, got ${JSON.stringify(name)}`);
    return prefix + name;
  };

  return {
    counter(name) {
      const full = checked("counter", name);
      const make = (labels: Labels): Counter => {
        const at = seriesOf("counter", full, labels);
        return {
          with: (extra) => make(merge("counter", labels, extra)),
          add(delta) {
            if (!(delta >= 0)) throw new RangeError(`counter: delta must be >= 0, got ${delta}`);
            at().value += delta;
          },
        };
      };
      return make(Object.freeze({}));
    },
    gauge(name) {
      const full = checked("gauge", name);
      const make = (labels: Labels): Gauge => {
        const at = seriesOf("gauge", full, labels);
        return {
          with: (extra) => make(merge("gauge", labels, extra)),
          set(value) {
            at().value = value;
          },
          add(delta) {
            at().value += delta;
          },
        };
      };
      return make(Object.freeze({}));
    },
    histogram(name) {
      const full = checked("histogram", name);
      const make = (labels: Labels): Histogram => {
        const at = seriesOf("histogram", full, labels);
        return {
          with: (extra) => make(merge("histogram", labels, extra)),
          observe(value) {
            const s = at();
            s.value += value;
            s.count += 1;
          },
        };
      };
      return make(Object.freeze({}));
    },
    read: () => [...series.values()].map((s) => ({ ...s })),
  };
}
