import * as root from "../src/index.js";

describe("the package root", () => {
  it("exports exactly the documented runtime names", () => {
    expect(Object.keys(root).sort()).toEqual(
      ["circuitBreaker", "defaultIsFailure", "goKitDefaults", "opossumBreaker"].sort(),
    );
  });
});
