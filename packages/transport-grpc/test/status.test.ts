import { Metadata, status } from "@grpc/grpc-js";
import type { Code } from "@kit/endpoint";
import { isKitError, KitError } from "@kit/endpoint";
import { errorDetailsTrailer, errorFromStatus, summarize, toGrpcStatus } from "../src/status.js";

describe("toGrpcStatus", () => {
  it.each<[Code, number]>([
    ["invalid_argument", status.INVALID_ARGUMENT],
    ["resource_exhausted", status.RESOURCE_EXHAUSTED],
    ["unavailable", status.UNAVAILABLE],
    ["not_found", status.NOT_FOUND],
    ["deadline_exceeded", status.DEADLINE_EXCEEDED],
  ])("answers a KitError %s with gRPC status %i and its message", (code, grpcStatus) => {
    const s = toGrpcStatus(new KitError(code, "told you so"));
    expect(s.code).toBe(grpcStatus);
    expect(s.details).toBe("told you so");
  });

  it("sends a KitError's details as JSON in the details trailer", () => {
    const details = { issues: [{ path: "a", message: "must be a number – ünïcode" }] };
    const s = toGrpcStatus(new KitError("invalid_argument", "bad", { details }));
    const raw = s.metadata.get(errorDetailsTrailer)[0];
    expect(Buffer.isBuffer(raw)).toBe(true);
    expect(JSON.parse(String(raw))).toEqual(details);
  });

  it("drops details that cannot be serialised, keeping the status", () => {
    const s = toGrpcStatus(new KitError("invalid_argument", "bad", { details: { n: 1n } }));
    expect(s.code).toBe(status.INVALID_ARGUMENT);
    expect(s.metadata.get(errorDetailsTrailer)).toEqual([]);
  });

  it("answers INTERNAL with a generic message for a plain error, never its own message", () => {
    const s = toGrpcStatus(new Error("password=hunter2"));
    expect(s.code).toBe(status.INTERNAL);
    expect(s.details).toBe("internal error");
    expect(JSON.stringify(s)).not.toContain("hunter2");
  });

  it("passes an error carrying a gRPC status through, without its upstream trailers", () => {
    const upstream = new Metadata();
    upstream.set("secret", "x");
    const err = Object.assign(new Error("5 NOT_FOUND: gone"), {
      code: status.NOT_FOUND,
      details: "gone",
      metadata: upstream,
    });
    const s = toGrpcStatus(err);
    expect(s.code).toBe(status.NOT_FOUND);
    expect(s.details).toBe("gone");
    expect(s.metadata.get("secret")).toEqual([]);
  });

  it.each([
    ["a string code", { code: "ECONNREFUSED", message: "m" }],
    ["a numeric code without details", { code: 5, message: "m" }],
    ["a DOMException (legacy numeric code)", new DOMException("bad", "SyntaxError")],
    ["code 0 (OK)", { code: 0, details: "m" }],
    ["a code beyond 16", { code: 42, details: "m" }],
    ["a fractional code", { code: 3.5, details: "m" }],
    ["a thrown string", "boom"],
    ["null", null],
  ])("answers INTERNAL for %s", (_name, err) => {
    const s = toGrpcStatus(err);
    expect(s.code).toBe(status.INTERNAL);
    expect(s.details).toBe("internal error");
  });
});

describe("errorFromStatus", () => {
  it.each<[number, Code]>([
    [status.INVALID_ARGUMENT, "invalid_argument"],
    [status.RESOURCE_EXHAUSTED, "resource_exhausted"],
    [status.UNAVAILABLE, "unavailable"],
    [status.CANCELLED, "canceled"],
    [status.UNIMPLEMENTED, "unimplemented"],
  ])("turns gRPC status %i into a KitError %s with the details as message", (grpcStatus, code) => {
    const cause = new Error("grpc-js error");
    const err = errorFromStatus({ code: grpcStatus, details: "nope" }, cause);
    expect(isKitError(err)).toBe(true);
    expect(err.code).toBe(code);
    expect(err.message).toBe("nope");
    expect(err.cause).toBe(cause);
  });

  it("gives unknown for statuses outside gRPC's set and for OK", () => {
    expect(errorFromStatus({ code: 99, details: "x" }).code).toBe("unknown");
    expect(errorFromStatus({ code: 0, details: "x" }).code).toBe("unknown");
  });

  it("reads the details trailer back into details, a round trip with toGrpcStatus", () => {
    const details = { field: "a", limit: 3 };
    const s = toGrpcStatus(new KitError("out_of_range", "too big", { details }));
    const err = errorFromStatus(s);
    expect(err.code).toBe("out_of_range");
    expect(err.details).toEqual(details);
  });

  it("ignores a details trailer that is not a JSON object", () => {
    for (const raw of ["not json", "[1,2]", "42"]) {
      const metadata = new Metadata();
      metadata.set(errorDetailsTrailer, Buffer.from(raw));
      expect(errorFromStatus({ code: 3, details: "x", metadata }).details).toBeUndefined();
    }
  });
});

describe("summarize", () => {
  it("reports ok for status 0, without an error", () => {
    const s = summarize(0, undefined, performance.now());
    expect(s).toEqual({ code: "ok", grpcStatus: 0, durationMs: expect.any(Number) });
    expect(s.durationMs).toBeGreaterThanOrEqual(0);
  });

  it("reports the code of a failed call's status, with the error", () => {
    const err = new Error("x");
    const s = summarize(8, err, performance.now());
    expect(s.code).toBe("resource_exhausted");
    expect(s.grpcStatus).toBe(8);
    expect(s.error).toBe(err);
  });
});
