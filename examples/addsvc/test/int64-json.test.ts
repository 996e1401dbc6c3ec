import { parseInt64JSON, stringifyInt64JSON } from "../src/int64-json.js";

describe("int64 JSON", () => {
  it("parses integers beyond 2^53 exactly and keeps small ones as numbers", () => {
    expect(parseInt64JSON('{"a":9007199254740993,"b":-2,"c":-9223372036854775808}')).toEqual({
      a: 9007199254740993n,
      b: -2,
      c: -9223372036854775808n,
    });
  });

  it("keeps fractions as numbers", () => {
    expect(parseInt64JSON('{"a":1.5}')).toEqual({ a: 1.5 });
  });

  it("writes bigints as plain JSON integers", () => {
    expect(stringifyInt64JSON({ v: 9007199254740993n, s: "x" })).toBe(
      '{"v":9007199254740993,"s":"x"}',
    );
  });

  it("throws on malformed JSON", () => {
    expect(() => parseInt64JSON('{"a":')).toThrow();
  });

  it("refuses a key given twice with different values, anywhere in the text", () => {
    expect(() => parseInt64JSON('{"a":1,"a":2}')).toThrow(/Duplicate key 'a'/);
    expect(() => parseInt64JSON('[{"b":{"c":1,"c":"x"}}]')).toThrow(/Duplicate key 'c'/);
    expect(parseInt64JSON('{"a":1,"a":1}')).toEqual({ a: 1 });
  });

  it("keeps a __proto__ key as a plain member, without touching the prototype", () => {
    const value = parseInt64JSON('{"__proto__":{"polluted":1},"a":2}') as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(["__proto__", "a"]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("gives the same values for small numbers, strings that look like JSON and deep nesting", () => {
    expect(parseInt64JSON('{"a":-0,"b":1e400,"c":"9007199254740993:{","d":1.0}')).toEqual({
      a: -0,
      b: Number.POSITIVE_INFINITY,
      c: "9007199254740993:{",
      d: 1,
    });
    const deep = `${"[".repeat(40)}9007199254740993${"]".repeat(40)}`;
    let inner: unknown = parseInt64JSON(deep);
    for (let i = 0; i < 40; i++) inner = (inner as unknown[])[0];
    expect(inner).toBe(9007199254740993n);
  });
});
