import { createReservoir } from "../src/reservoir.js";

describe("createReservoir", () => {
  it("answers exact nearest-rank quantiles while under its size", () => {
    const r = createReservoir(100, Math.random);
    for (const v of [5, 1, 4, 2, 3, 6, 7, 8, 9, 10]) r.observe(v);
    expect(r.quantile(0)).toBe(1);
    expect(r.quantile(0.5)).toBe(5);
    expect(r.quantile(0.9)).toBe(9);
    expect(r.quantile(0.95)).toBe(10);
    expect(r.quantile(1)).toBe(10);
  });

  it("answers NaN before any observation", () => {
    expect(createReservoir(10, Math.random).quantile(0.5)).toBeNaN();
  });

  it("throws RangeError for a quantile outside [0, 1]", () => {
    const r = createReservoir(10, Math.random);
    expect(() => r.quantile(1.1)).toThrow(RangeError);
    expect(() => r.quantile(Number.NaN)).toThrow(RangeError);
  });

  it("keeps count and sum exact beyond its size", () => {
    const r = createReservoir(2, () => 0.99);
    for (let i = 1; i <= 100; i++) r.observe(i);
    expect(r.count).toBe(100);
    expect(r.sum).toBe(5050);
  });

  it("replaces a kept sample only when the random draw lands inside the reservoir", () => {
    const keep = createReservoir(2, () => 0.99); // draw floor(0.99 * n) >= 2: never replace
    const replace = createReservoir(2, () => 0); // draw 0: replace the first slot
    for (const v of [1, 2, 3]) {
      keep.observe(v);
      replace.observe(v);
    }
    expect([keep.quantile(0), keep.quantile(1)]).toEqual([1, 2]);
    expect([replace.quantile(0), replace.quantile(1)]).toEqual([2, 3]);
  });

  it("re-sorts after observations that follow a quantile", () => {
    const r = createReservoir(10, Math.random);
    r.observe(5);
    expect(r.quantile(1)).toBe(5);
    r.observe(1);
    expect(r.quantile(0)).toBe(1);
  });
});
