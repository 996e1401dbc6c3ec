import { requireFunction, requireFunctions } from "../src/validate.js";

describe("requireFunction", () => {
  it("accepts a function and names the caller and option otherwise", () => {
    expect(() => requireFunction("createServer", "decode", () => undefined)).not.toThrow();
    expect(() => requireFunction("createServer", "decode", 3)).toThrow(
      new TypeError("createServer: decode must be a function, got number"),
    );
  });
});

describe("requireFunctions", () => {
  it("accepts an array of functions only", () => {
    expect(() => requireFunctions("createClient", "before", [() => undefined])).not.toThrow();
    expect(() => requireFunctions("createClient", "before", [() => undefined, 1])).toThrow(
      new TypeError("createClient: before must be an array of functions"),
    );
    expect(() => requireFunctions("createClient", "before", "f")).toThrow(TypeError);
  });
});
