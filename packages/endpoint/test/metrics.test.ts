/**
 * The metrics contracts are types only: `typecheck` compiles this file, so each
 * `@ts-expect-error` line must stay an error; the runtime assertions drive a minimal backend
 * written against the contracts.
 */
import type { Counter, Gauge, Histogram, Labels } from "../src/index.js";

/** The smallest in-memory backend: one value per label set, keyed by its JSON. */
function tally(labels: Labels = {}, values = new Map<string, number>()): Counter & Gauge {
  const key = JSON.stringify(labels);
  return {
    with: (extra) => tally({ ...labels, ...extra }, values),
    add: (delta) => values.set(key, (values.get(key) ?? 0) + delta),
    set: (value) => values.set(key, value),
  };
}

describe("the metrics contracts", () => {
  it("are implementable without any other package, and with() keeps the kind", () => {
    const values = new Map<string, number>();
    const requests: Counter = tally({}, values);
    requests.with({ method: "sum" }).add(2);
    const inFlight: Gauge = tally({}, values);
    inFlight.set(3);
    expect(Object.fromEntries(values)).toEqual({ '{"method":"sum"}': 2, "{}": 3 });
  });

  it("reject label values that are not strings and metrics of the wrong kind", () => {
    const c: Counter = tally();
    // @ts-expect-error label values are strings
    c.with({ code: 200 });
    // @ts-expect-error a counter is not a histogram: it has no observe
    const h: Histogram = c;
    expect(h).toBe(c);
  });
});
