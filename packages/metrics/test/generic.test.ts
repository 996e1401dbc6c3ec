import { genericCounter, genericGauge, genericHistogram, genericSnapshot } from "../src/generic.js";

describe("genericCounter", () => {
  it("reads back what was added to each label set", () => {
    const c = genericCounter("requests_total");
    c.with({ method: "sum" }).add(2);
    c.with({ method: "sum" }).add(3);
    c.with({ method: "concat" }).add(1);
    expect(c.with({ method: "sum" }).value()).toBe(5);
    expect(c.with({ method: "concat" }).value()).toBe(1);
    expect(c.value()).toBe(0);
  });

  it("treats labels given in steps or in any order as one series", () => {
    const c = genericCounter("c");
    c.with({ a: "1" }).with({ b: "2" }).add(1);
    c.with({ b: "2", a: "1" }).add(1);
    expect(c.with({ a: "1", b: "2" }).value()).toBe(2);
  });

  it("carries its name and label values", () => {
    const c = genericCounter("c").with({ a: "1" });
    expect(c.name).toBe("c");
    expect(c.labels).toEqual({ a: "1" });
  });

  it("throws RangeError for a negative delta and TypeError for an empty name", () => {
    expect(() => genericCounter("c").add(-1)).toThrow(RangeError);
    expect(() => genericCounter("")).toThrow(TypeError);
  });
});

describe("genericGauge", () => {
  it("sets and adds per label set", () => {
    const g = genericGauge("in_flight");
    const a = g.with({ pool: "a" });
    a.set(10);
    a.add(-3);
    g.with({ pool: "b" }).add(1);
    expect(a.value()).toBe(7);
    expect(g.with({ pool: "b" }).value()).toBe(1);
  });
});

describe("genericHistogram", () => {
  it("answers quantiles, count and sum per label set", () => {
    const h = genericHistogram("latency");
    const sum = h.with({ method: "sum" });
    for (let i = 1; i <= 100; i++) sum.observe(i);
    h.with({ method: "other" }).observe(1000);
    expect(sum.quantile(0.5)).toBe(50);
    expect(sum.quantile(0.99)).toBe(99);
    expect(sum.count()).toBe(100);
    expect(sum.sum()).toBe(5050);
    expect(h.with({ method: "other" }).quantile(0.5)).toBe(1000);
  });

  it("bounds its memory to maxSamples with a uniform sample", () => {
    const h = genericHistogram("h", { maxSamples: 3, random: () => 0.999 });
    for (const v of [1, 2, 3, 100, 200]) h.observe(v);
    expect(h.quantile(1)).toBe(3);
    expect(h.count()).toBe(5);
  });

  it.each([
    ["a maxSamples of zero", { maxSamples: 0 }, /maxSamples/],
    ["a fractional maxSamples", { maxSamples: 1.5 }, /maxSamples/],
    ["a quantile above 1", { quantiles: [0.5, 2] }, /quantiles/],
    ["a random that is not a function", { random: 1 as never }, /random/],
  ])("throws TypeError at construction for %s", (_what, options, message) => {
    const make = () => genericHistogram("h", options);
    expect(make).toThrow(TypeError);
    expect(make).toThrow(message);
  });
});

describe("genericSnapshot", () => {
  it("renders every series of every metric as JSON keyed by name", () => {
    const c = genericCounter("requests_total");
    c.with({ method: "sum" }).add(2);
    const g = genericGauge("in_flight");
    g.set(1);
    const h = genericHistogram("latency_seconds", { quantiles: [0.5, 1] });
    h.with({ method: "sum" }).observe(0.1);
    h.with({ method: "sum" }).observe(0.3);
    h.with({ method: "empty" });

    expect(JSON.parse(JSON.stringify(genericSnapshot([c, g, h])))).toEqual({
      requests_total: {
        type: "counter",
        series: [
          { labels: {}, value: 0 },
          { labels: { method: "sum" }, value: 2 },
        ],
      },
      in_flight: { type: "gauge", series: [{ labels: {}, value: 1 }] },
      latency_seconds: {
        type: "histogram",
        series: [
          { labels: {}, count: 0, sum: 0, quantiles: { "0.5": null, "1": null } },
          { labels: { method: "sum" }, count: 2, sum: 0.4, quantiles: { "0.5": 0.1, "1": 0.3 } },
          { labels: { method: "empty" }, count: 0, sum: 0, quantiles: { "0.5": null, "1": null } },
        ],
      },
    });
  });

  it("throws TypeError when two metrics share a name", () => {
    expect(() => genericSnapshot([genericCounter("x"), genericGauge("x")])).toThrow(
      new TypeError('genericSnapshot: two metrics are named "x"'),
    );
  });
});
