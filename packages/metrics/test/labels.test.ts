import { labelKey, mergeLabels, noLabels } from "../src/labels.js";

describe("mergeLabels", () => {
  it("adds new labels to a copy and lets a later value win", () => {
    const base = mergeLabels("t", noLabels(), { a: "1", b: "2" });
    const merged = mergeLabels("t", base, { b: "3", c: "4" });
    expect(merged).toEqual({ a: "1", b: "3", c: "4" });
    expect(base).toEqual({ a: "1", b: "2" });
  });

  it("returns a frozen label set", () => {
    expect(Object.isFrozen(mergeLabels("t", noLabels(), { a: "1" }))).toBe(true);
  });

  it("throws TypeError naming the caller for a value that is not a string", () => {
    expect(() => mergeLabels("genericGauge", noLabels(), { a: 1 as unknown as string })).toThrow(
      new TypeError('genericGauge: label "a" must be a string, got number'),
    );
  });

  it("throws TypeError when the labels are not an object", () => {
    expect(() => mergeLabels("t", noLabels(), null as never)).toThrow(TypeError);
  });
});

describe("labelKey", () => {
  it("is the same whatever order the names were given in", () => {
    expect(labelKey({ b: "2", a: "1" })).toBe(labelKey({ a: "1", b: "2" }));
  });

  it("tells label sets apart even when values contain separators", () => {
    expect(labelKey({ a: "1,b=2" })).not.toBe(labelKey({ a: "1", b: "2" }));
  });
});
