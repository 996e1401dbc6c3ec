import { safeJson } from "../src/safe-json.js";

describe("safeJson", () => {
  it("marks a reference back to an ancestor as circular", () => {
    const a: Record<string, unknown> = { b: {} };
    (a.b as Record<string, unknown>).back = a;
    expect(safeJson(a, "string")).toBe('{"b":{"back":"[Circular]"}}');
  });

  it("writes an object seen twice but not in a cycle both times", () => {
    const s = { v: 1 };
    expect(safeJson({ x: s, y: s }, "string")).toBe('{"x":{"v":1},"y":{"v":1}}');
  });

  it("writes bigints as strings or as bare numbers", () => {
    expect(safeJson([1n], "string")).toBe('["1"]');
    expect(safeJson([1n], "number")).toBe("[1]");
  });

  it("leaves a string that looks like its bigint marker alone when no bigint was seen", () => {
    const text = safeJson({ s: "\u0000kit-bigint\u00005" }, "number");
    expect(JSON.parse(text)).toEqual({ s: "\u0000kit-bigint\u00005" });
  });

  it("writes null text for undefined", () => {
    expect(safeJson(undefined, "string")).toBe("null");
  });
});
