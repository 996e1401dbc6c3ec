import { discardCounter, discardGauge, discardHistogram } from "../src/discard.js";

describe("the discard backend", () => {
  it("accepts every call and returns itself from with()", () => {
    const c = discardCounter();
    const g = discardGauge();
    const h = discardHistogram();
    expect(c.with({ a: "1" })).toBe(c);
    expect(g.with({ a: "1" })).toBe(g);
    expect(h.with({ a: "1" })).toBe(h);
    expect(c.add(1)).toBeUndefined();
    expect(g.set(1)).toBeUndefined();
    expect(g.add(1)).toBeUndefined();
    expect(h.observe(1)).toBeUndefined();
  });

  it("shares one frozen instance per kind", () => {
    expect(discardCounter()).toBe(discardCounter());
    expect(Object.isFrozen(discardGauge())).toBe(true);
  });
});
