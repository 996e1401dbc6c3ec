import { KitError } from "@kit/endpoint";
import { errorMessage, errorStatus } from "../src/error-encoder.js";

describe("errorStatus", () => {
  it("prefers the error's own statusCode, then the KitError's code, then 500", () => {
    expect(errorStatus(Object.assign(new KitError("not_found", "x"), { statusCode: 410 }))).toBe(
      410,
    );
    expect(errorStatus(new KitError("resource_exhausted", "slow down"))).toBe(429);
    expect(errorStatus(new Error("x"))).toBe(500);
    expect(errorStatus("a string")).toBe(500);
    expect(errorStatus(null)).toBe(500);
  });

  it("ignores a statusCode that is not an error status", () => {
    for (const statusCode of [200, 302, 600, 404.5, "404"])
      expect(errorStatus(Object.assign(new Error("x"), { statusCode }))).toBe(500);
  });
});

describe("errorMessage", () => {
  it("sends a KitError's message whatever its code", () => {
    expect(errorMessage(new KitError("unavailable", "try again later"))).toBe("try again later");
  });

  it("sends the message of a 4xx error or an exposed one, and hides the rest", () => {
    expect(errorMessage(Object.assign(new Error("bad thing"), { statusCode: 422 }))).toBe(
      "bad thing",
    );
    expect(
      errorMessage(Object.assign(new Error("maintenance"), { statusCode: 503, expose: true })),
    ).toBe("maintenance");
    expect(errorMessage(Object.assign(new Error("10.0.0.1 down"), { statusCode: 503 }))).toBe(
      "internal error",
    );
    expect(errorMessage(new TypeError("x is undefined"))).toBe("internal error");
    expect(errorMessage(Object.assign(new Error(""), { statusCode: 400 }))).toBe("internal error");
  });
});
