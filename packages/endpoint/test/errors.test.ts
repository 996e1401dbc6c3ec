import { isKitError, KitError } from "../src/errors.js";

describe("KitError", () => {
  it("carries a code, a message, a cause and details", () => {
    const cause = new Error("connection refused");
    const err = new KitError("unavailable", "etcd is down", { cause, details: { retryMs: 50 } });
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe("KitError");
    expect(err.code).toBe("unavailable");
    expect(err.message).toBe("etcd is down");
    expect(err.cause).toBe(cause);
    expect(err.details).toEqual({ retryMs: 50 });
  });

  it("has no cause or details unless given", () => {
    const err = new KitError("internal", "oops");
    expect("cause" in err).toBe(false);
    expect(err.details).toBeUndefined();
  });
});

describe("isKitError", () => {
  it("recognises a KitError and rejects other values", () => {
    expect(isKitError(new KitError("internal", "x"))).toBe(true);
    expect(isKitError(new Error("x"))).toBe(false);
    expect(isKitError({ code: "internal" })).toBe(false);
    expect(isKitError(null)).toBe(false);
    expect(isKitError("internal")).toBe(false);
  });

  it("recognises a KitError made by another copy of the package", () => {
    const foreign = Object.assign(new Error("from another copy"), {
      code: "not_found",
      [Symbol.for("@kit/endpoint.KitError")]: true,
    });
    expect(foreign).not.toBeInstanceOf(KitError);
    expect(isKitError(foreign)).toBe(true);
  });

  it("rejects a branded object whose code is not canonical", () => {
    const bad = { code: "teapot", [Symbol.for("@kit/endpoint.KitError")]: true };
    expect(isKitError(bad)).toBe(false);
  });
});

describe("KitError.from", () => {
  it("returns a KitError unchanged", () => {
    const err = new KitError("not_found", "no such user");
    expect(KitError.from(err)).toBe(err);
  });

  it("wraps a plain error as unknown, keeping it as the cause", () => {
    const plain = new Error("disk full");
    const err = KitError.from(plain);
    expect(err.code).toBe("unknown");
    expect(err.message).toBe("disk full");
    expect(err.cause).toBe(plain);
  });

  it("uses the fallback code when given", () => {
    expect(KitError.from(new Error("x"), "internal").code).toBe("internal");
  });

  it("maps abort and timeout errors to canceled and deadline_exceeded", () => {
    const aborted = new AbortController();
    aborted.abort();
    expect(KitError.from(aborted.signal.reason).code).toBe("canceled");
    expect(KitError.from(new DOMException("late", "TimeoutError")).code).toBe("deadline_exceeded");
  });

  it("accepts thrown values that are not errors", () => {
    const err = KitError.from("just a string");
    expect(err.code).toBe("unknown");
    expect(err.message).toBe("just a string");
    expect(err.cause).toBe("just a string");
  });
});
