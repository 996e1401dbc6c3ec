import * as root from "../src/index.js";

describe("the package root", () => {
  it("exports exactly the documented runtime names", () => {
    expect(Object.keys(root).sort()).toEqual(
      [
        "caller",
        "debug",
        "error",
        "info",
        "isValuer",
        "jsonLogger",
        "levelFilter",
        "levelKey",
        "logfmtKey",
        "logfmtLogger",
        "logfmtValue",
        "loggingMiddleware",
        "nopLogger",
        "pinoCompatible",
        "pinoLogger",
        "timestampUTC",
        "valuer",
        "warn",
        "withFields",
        "withPrefix",
      ].sort(),
    );
  });
});
