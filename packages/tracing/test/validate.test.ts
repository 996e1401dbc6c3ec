import { checkCommon, frozenAttributes } from "../src/validate.js";
import { createRecorder } from "./support/sdk.js";

const rec = createRecorder();
afterAll(() => rec.shutdown());

describe("checkCommon", () => {
  it("accepts a tracer and an operation", () => {
    expect(() => checkCommon("t", rec.tracer, { operation: "x" })).not.toThrow();
  });

  it.each([
    ["a tracer without startSpan", {}, { operation: "x" }, /^t: tracer must be/],
    ["no options", rec.tracer, undefined, /^t: options must be/],
    ["a non-string operation", rec.tracer, { operation: 1 }, /^t: operation must be/],
    [
      "attributes that are not an object",
      rec.tracer,
      { operation: "x", attributes: 1 },
      /^t: attributes/,
    ],
  ])("rejects %s", (_what, tracer, options, message) => {
    expect(() => checkCommon("t", tracer as never, options as never)).toThrow(message);
  });
});

describe("frozenAttributes", () => {
  it("copies and freezes attributes", () => {
    const given = { a: 1 };
    const frozen = frozenAttributes(given);
    expect(frozen).toEqual(given);
    expect(frozen).not.toBe(given);
    expect(Object.isFrozen(frozen)).toBe(true);
  });

  it("gives undefined for none or an empty object", () => {
    expect(frozenAttributes(undefined)).toBeUndefined();
    expect(frozenAttributes({})).toBeUndefined();
  });
});
