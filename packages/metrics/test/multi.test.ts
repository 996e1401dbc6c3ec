import { genericCounter, genericGauge, genericHistogram } from "../src/generic.js";
import { multiCounter, multiGauge, multiHistogram } from "../src/multi.js";

describe("multiCounter", () => {
  it("adds to every counter with the same labels", () => {
    const a = genericCounter("a");
    const b = genericCounter("b");
    multiCounter(a, b).with({ m: "x" }).add(3);
    expect(a.with({ m: "x" }).value()).toBe(3);
    expect(b.with({ m: "x" }).value()).toBe(3);
  });

  it("throws RangeError for a negative delta before any counter sees it", () => {
    const a = genericCounter("a");
    const b = genericCounter("b");
    expect(() => multiCounter(a, b).add(-1)).toThrow(RangeError);
    expect([a.value(), b.value()]).toEqual([0, 0]);
  });

  it("throws TypeError for an argument that is not a counter", () => {
    expect(() => multiCounter(genericCounter("a"), {} as never)).toThrow(TypeError);
  });
});

describe("multiGauge", () => {
  it("sets and adds on every gauge", () => {
    const a = genericGauge("a");
    const b = genericGauge("b");
    const m = multiGauge(a, b);
    m.set(5);
    m.add(-2);
    expect([a.value(), b.value()]).toEqual([3, 3]);
  });
});

describe("multiHistogram", () => {
  it("observes into every histogram with the same labels", () => {
    const a = genericHistogram("a");
    const b = genericHistogram("b");
    multiHistogram(a, b).with({ m: "x" }).observe(0.5);
    expect(a.with({ m: "x" }).count()).toBe(1);
    expect(b.with({ m: "x" }).quantile(0.5)).toBe(0.5);
  });
});
