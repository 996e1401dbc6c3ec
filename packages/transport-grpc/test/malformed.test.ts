import { guardDeserialize, isMalformedRequest } from "../src/malformed.js";

describe("guardDeserialize", () => {
  it("returns what the deserializer returns", () => {
    const guarded = guardDeserialize((b: Buffer) => ({ text: b.toString() }));
    const value = guarded(Buffer.from("hi"));
    expect(value).toEqual({ text: "hi" });
    expect(isMalformedRequest(value)).toBe(false);
  });

  it("returns a marker carrying the error instead of throwing", () => {
    const failure = new Error("index out of range");
    const guarded = guardDeserialize((): never => {
      throw failure;
    });
    const value = guarded(Buffer.from([0x08, 0xff]));
    expect(isMalformedRequest(value)).toBe(true);
    expect(isMalformedRequest(value) && value.cause).toBe(failure);
  });
});

describe("isMalformedRequest", () => {
  it("is false for ordinary values", () => {
    for (const v of [null, undefined, 0, "x", {}, { cause: 1 }, Buffer.alloc(0)])
      expect(isMalformedRequest(v)).toBe(false);
  });
});
