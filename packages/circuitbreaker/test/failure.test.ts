import type { Code } from "@kit/endpoint";
import { KitError } from "@kit/endpoint";
import { defaultIsFailure } from "../src/failure.js";

describe("defaultIsFailure", () => {
  it.each<Code>([
    "canceled",
    "invalid_argument",
    "not_found",
    "already_exists",
    "permission_denied",
    "unauthenticated",
    "failed_precondition",
    "out_of_range",
  ])("does not count a KitError %s, which blames the caller or the request", (code) => {
    expect(defaultIsFailure(new KitError(code, "x"))).toBe(false);
  });

  it.each<Code>([
    "unknown",
    "deadline_exceeded",
    "resource_exhausted",
    "aborted",
    "unimplemented",
    "internal",
    "unavailable",
    "data_loss",
  ])("counts a KitError %s, which blames the dependency", (code) => {
    expect(defaultIsFailure(new KitError(code, "x"))).toBe(true);
  });

  it("counts an error that is not a KitError", () => {
    expect(defaultIsFailure(new Error("ECONNRESET"))).toBe(true);
    expect(defaultIsFailure("a string")).toBe(true);
  });

  it("does not count an AbortError, read as canceled", () => {
    expect(defaultIsFailure(new DOMException("aborted", "AbortError"))).toBe(false);
  });

  it("counts a TimeoutError, read as deadline_exceeded", () => {
    expect(defaultIsFailure(new DOMException("timed out", "TimeoutError"))).toBe(true);
  });
});
