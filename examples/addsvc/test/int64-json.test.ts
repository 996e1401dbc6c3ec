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
});
