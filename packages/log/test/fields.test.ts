import { combine, evaluate, hasValuer } from "../src/fields.js";
import { valuer } from "../src/valuer.js";

describe("combine", () => {
  it("puts after-fields last and lets them win", () => {
    expect(Object.entries(combine({ a: 1, b: 2 }, { c: 3, a: 9 }, "after"))).toEqual([
      ["a", 9],
      ["b", 2],
      ["c", 3],
    ]);
  });

  it("puts before-fields first and lets the bound ones win", () => {
    expect(Object.entries(combine({ a: 1 }, { t: 0, a: 9 }, "before"))).toEqual([
      ["t", 0],
      ["a", 1],
    ]);
  });
});

describe("evaluate", () => {
  it("replaces valuers with their values and copies the rest", () => {
    const fields = { a: 1, v: valuer(() => "now") };
    expect(evaluate(fields)).toEqual({ a: 1, v: "now" });
    expect(hasValuer(fields)).toBe(true);
    expect(hasValuer({ f: () => 1 })).toBe(false);
  });
});
