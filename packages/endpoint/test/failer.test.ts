import type { Failer } from "../src/failer.js";
import { failure, isFailer } from "../src/failer.js";

class SumResponse implements Failer {
  constructor(
    readonly v: number,
    readonly err?: Error,
  ) {}
  failed(): Error | undefined {
    return this.err;
  }
}

describe("isFailer", () => {
  it("recognises objects with a failed method only", () => {
    expect(isFailer(new SumResponse(1))).toBe(true);
    expect(isFailer({ failed: () => undefined })).toBe(true);
    expect(isFailer({ failed: "yes" })).toBe(false);
    expect(isFailer({ v: 1 })).toBe(false);
    expect(isFailer(null)).toBe(false);
    expect(isFailer(3)).toBe(false);
  });
});

describe("failure", () => {
  it("returns the business error a response carries", () => {
    const err = new Error("max int exceeded");
    expect(failure(new SumResponse(0, err))).toBe(err);
  });

  it("returns undefined for a successful response or a plain value", () => {
    expect(failure(new SumResponse(3))).toBeUndefined();
    expect(failure({ v: 3 })).toBeUndefined();
  });
});
