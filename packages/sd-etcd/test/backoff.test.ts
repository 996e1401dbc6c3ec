import { createBackoff } from "../src/backoff.js";

describe("createBackoff", () => {
  it("doubles from the minimum up to the maximum, jittered down to half", () => {
    const low = createBackoff(100, 1_000, () => 0);
    expect([1, 2, 3, 4, 5, 6].map(() => low.next())).toEqual([50, 100, 200, 400, 500, 500]);
    const high = createBackoff(100, 1_000, () => 0.999_999);
    expect(Math.round(high.next())).toBe(100);
    expect(Math.round(high.next())).toBe(200);
  });

  it("starts over from the minimum after reset()", () => {
    const backoff = createBackoff(100, 1_000, () => 1);
    backoff.next();
    backoff.next();
    backoff.reset();
    expect(backoff.next()).toBe(100);
  });

  it("rejects a minimum <= 0 or a maximum below the minimum with a TypeError", () => {
    expect(() => createBackoff(0, 10)).toThrow(TypeError);
    expect(() => createBackoff(Number.NaN, 10)).toThrow(/minimum/);
    expect(() => createBackoff(100, 50)).toThrow(/maximum/);
  });
});
