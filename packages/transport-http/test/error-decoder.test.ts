import { background, isKitError, KitError, withCancel } from "@kit/endpoint";
import type { ClientResponse } from "../src/client.js";
import { defaultErrorDecoder, transportError } from "../src/error-decoder.js";

const ctx = background();
const response = (status: number, body: string): ClientResponse => ({
  status,
  headers: {},
  body: Buffer.from(body),
});

describe("defaultErrorDecoder", () => {
  it.each([
    [400, "invalid_argument"],
    [401, "unauthenticated"],
    [404, "not_found"],
    [413, "resource_exhausted"],
    [429, "resource_exhausted"],
    [500, "internal"],
    [503, "unavailable"],
    [504, "deadline_exceeded"],
  ])("maps %i to %s", (status, code) => {
    const err = defaultErrorDecoder(ctx, response(status, ""));
    expect(err.code).toBe(code);
    expect(err.details).toEqual({ httpStatus: status });
  });

  it("takes the message from a kit or go-kit body {error}", () => {
    expect(defaultErrorDecoder(ctx, response(404, '{"error":"no such user"}')).message).toBe(
      "no such user",
    );
  });

  it("takes the message from fastify's default body {statusCode, error, message}", () => {
    const body = '{"statusCode":400,"error":"Bad Request","message":"body/a must be number"}';
    expect(defaultErrorDecoder(ctx, response(400, body)).message).toBe("body/a must be number");
  });

  it("falls back to a generic message for bodies without one", () => {
    for (const body of ["", "oops", "[1]", '{"error":7}', "null"])
      expect(defaultErrorDecoder(ctx, response(502, body)).message).toBe(
        "unexpected HTTP status 502",
      );
  });
});

describe("transportError", () => {
  it("reports the context's error once the context ended", () => {
    const [ended, cancel] = withCancel(ctx);
    cancel();
    expect(transportError(new Error("aborted"), ended).code).toBe("canceled");
  });

  it("keeps a KitError and maps undici timeouts to deadline_exceeded", () => {
    const kit = new KitError("unavailable", "x");
    expect(transportError(kit, ctx)).toBe(kit);
    const timeout = Object.assign(new Error("Headers Timeout Error"), {
      code: "UND_ERR_HEADERS_TIMEOUT",
    });
    expect(transportError(timeout, ctx).code).toBe("deadline_exceeded");
  });

  it("maps any other failure to unavailable with the cause", () => {
    const reset = Object.assign(new Error("socket hang up"), { code: "ECONNRESET" });
    const err = transportError(reset, ctx);
    expect(isKitError(err)).toBe(true);
    expect([err.code, err.message, err.cause]).toEqual([
      "unavailable",
      "request failed: ECONNRESET",
      reset,
    ]);
    expect(transportError("weird", ctx).message).toBe("request failed: network error");
  });
});
