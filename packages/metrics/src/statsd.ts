import { mergeLabels, noLabels } from "./labels.js";
import type { Counter, Gauge, Histogram, Labels } from "./metrics.js";

/**
 * The methods of a hot-shots `StatsD` client this backend calls; pass `new StatsD({ ... })`
 * from hot-shots. Prefix, suffix, global tags, host and protocol are the client's options.
 */
export interface StatsdClient {
  increment(stat: string, value: number, sampleRate?: number, tags?: string[]): void;
  gauge(stat: string, value: number, sampleRate?: number, tags?: string[]): void;
  gaugeDelta(stat: string, value: number, sampleRate?: number, tags?: string[]): void;
  timing(stat: string, value: number, sampleRate?: number, tags?: string[]): void;
  histogram(stat: string, value: number, sampleRate?: number, tags?: string[]): void;
  distribution(stat: string, value: number, sampleRate?: number, tags?: string[]): void;
}

/** Options of the StatsD counter, gauge and histogram. */
export interface StatsdOptions {
  /**
   * Fraction of calls sent, in (0, 1]; the client drops the rest and marks what it sends with
   * `|@rate` so the server scales counts back up. Default: 1.
   */
  sampleRate?: number;
  /**
   * DogStatsD tags sent with every value, as `name:value`; `with` adds more. Plain StatsD
   * servers that ignore tags need none: leave this unset and do not call `with`. Default: none.
   */
  tags?: Labels;
}

/** Options of {@link statsdHistogram}. */
export interface StatsdHistogramOptions extends StatsdOptions {
  /**
   * The StatsD type of each observation: `"timing"` (`|ms`, every StatsD server; values in
   * milliseconds by convention), `"histogram"` (`|h`, DogStatsD) or `"distribution"` (`|d`,
   * DogStatsD). Default: `"timing"`.
   */
  kind?: "timing" | "histogram" | "distribution";
}

const badName = /[:|@#\s]/;

function check(who: string, client: StatsdClient, name: string, options: StatsdOptions) {
  if (typeof client !== "object" || client === null || typeof client.increment !== "function")
    throw new TypeError(`${who}: client must be a hot-shots StatsD client`);
  if (typeof name !== "string" || name === "" || badName.test(name))
    throw new TypeError(`${who}: name must be non-empty without ':', '|', '@', '#' or spaces`);
  const { sampleRate = 1, tags = noLabels() } = options;
  if (typeof sampleRate !== "number" || !(sampleRate > 0 && sampleRate <= 1))
    throw new TypeError(`${who}: sampleRate must be in (0, 1], got ${sampleRate}`);
  return { sampleRate, tags: mergeLabels(who, noLabels(), tags) };
}

/**
 * `name:value` tags sorted by name, so one label set is one key on servers that do not treat
 * tags as a set; undefined (no `|#` section at all) when there are none.
 */
function tagList(labels: Labels): string[] | undefined {
  const names = Object.keys(labels).sort();
  return names.length === 0 ? undefined : names.map((n) => `${n}:${labels[n]}`);
}

/**
 * A {@link Counter} that sends `name:delta|c` through a hot-shots client (go-kit's
 * `statsd.NewCounter` / `dogstatsd.NewCounter`). Label values become DogStatsD tags, sorted by
 * name. Throws `TypeError` for a missing client, a name with `:|@#` or spaces, or a sample rate
 * outside (0, 1]; `add` throws `RangeError` for a negative or NaN delta, which a StatsD server
 * would take as a decrement.
 *
 * @example
 * import { StatsD } from "hot-shots";
 * const client = new StatsD({ host: "127.0.0.1", port: 8125, prefix: "addsvc." });
 * const requests = statsdCounter(client, "requests", { tags: { env: "prod" } });
 * requests.with({ method: "sum" }).add(1); // addsvc.requests:1|c|#env:prod,method:sum
 */
export function statsdCounter(
  client: StatsdClient,
  name: string,
  options: StatsdOptions = {},
): Counter {
  const { sampleRate, tags } = check("statsdCounter", client, name, options);
  const make = (labels: Labels): Counter => {
    const list = tagList(labels);
    return {
      with: (extra) => make(mergeLabels("statsdCounter", labels, extra)),
      add(delta) {
        if (!(delta >= 0)) throw new RangeError(`statsdCounter: delta must be >= 0, got ${delta}`);
        client.increment(name, delta, sampleRate, list);
      },
    };
  };
  return make(tags);
}

/**
 * A {@link Gauge} that sends `name:value|g` on `set` and `name:+delta|g` / `name:-delta|g` on
 * `add` (go-kit's `dogstatsd.NewGauge`). Label values become DogStatsD tags. Throws as
 * {@link statsdCounter} does.
 *
 * @example
 * const inFlight = statsdGauge(client, "in_flight");
 * inFlight.add(1);
 */
export function statsdGauge(
  client: StatsdClient,
  name: string,
  options: StatsdOptions = {},
): Gauge {
  const { sampleRate, tags } = check("statsdGauge", client, name, options);
  const make = (labels: Labels): Gauge => {
    const list = tagList(labels);
    return {
      with: (extra) => make(mergeLabels("statsdGauge", labels, extra)),
      set: (value) => client.gauge(name, value, sampleRate, list),
      add: (delta) => client.gaugeDelta(name, delta, sampleRate, list),
    };
  };
  return make(tags);
}

/**
 * A {@link Histogram} that sends each observation as a timing, DogStatsD histogram or
 * distribution (see {@link StatsdHistogramOptions.kind}); the server computes percentiles
 * (go-kit's `statsd.NewTiming` / `dogstatsd.NewHistogram`). Values are sent as given: observe
 * milliseconds for `"timing"`. Throws as {@link statsdCounter} does, and `TypeError` for an
 * unknown kind.
 *
 * @example
 * const latency = statsdHistogram(client, "request_ms", { kind: "timing" });
 * latency.observe(12.5);
 */
export function statsdHistogram(
  client: StatsdClient,
  name: string,
  options: StatsdHistogramOptions = {},
): Histogram {
  const { sampleRate, tags } = check("statsdHistogram", client, name, options);
  const { kind = "timing" } = options;
  if (kind !== "timing" && kind !== "histogram" && kind !== "distribution")
    throw new TypeError(`statsdHistogram: kind must be timing, histogram or distribution`);
  const send = client[kind].bind(client);
  const make = (labels: Labels): Histogram => {
    const list = tagList(labels);
    return {
      with: (extra) => make(mergeLabels("statsdHistogram", labels, extra)),
      observe: (value) => send(name, value, sampleRate, list),
    };
  };
  return make(tags);
}
