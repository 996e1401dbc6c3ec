import {
  requireFunction,
  requireFunctions,
  requireOneOf,
  requireOptionalFunction,
  requireOptionalSchema,
  requireOptions,
} from "../src/validate.js";

describe("validate helpers", () => {
  it("name the caller and the option in every TypeError", () => {
    expect(() => requireFunction("f", "x", 1)).toThrow("f: x must be a function, got number");
    expect(() => requireFunctions("f", "xs", [() => {}, 2])).toThrow(
      "f: xs must be an array of functions",
    );
    expect(() => requireOptions("f", [])).toThrow("f: options must be an object");
    expect(() => requireOneOf("f", "m", "c", ["a", "b"])).toThrow(
      'f: m must be one of "a", "b", got "c"',
    );
    expect(() => requireOptionalFunction("f", "x", null)).toThrow("f: x must be a function");
    expect(() => requireOptionalSchema("f", "s", { "~standard": {} })).toThrow(
      "f: s must be a Standard Schema",
    );
  });

  it("accept valid values and absent optional ones", () => {
    expect(() => {
      requireFunction("f", "x", () => {});
      requireFunctions("f", "xs", []);
      requireOptions("f", {});
      requireOneOf("f", "m", "a", ["a"]);
      requireOptionalFunction("f", "x", undefined);
      requireOptionalSchema("f", "s", undefined);
      requireOptionalSchema("f", "s", { "~standard": { validate: () => ({ value: 1 }) } });
    }).not.toThrow();
  });
});
