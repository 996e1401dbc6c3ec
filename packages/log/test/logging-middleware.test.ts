import { background, type Endpoint, type Failer, KitError } from "@kit/endpoint";
import { jsonLogger } from "../src/json-logger.js";
import { info } from "../src/level.js";
import { loggingMiddleware } from "../src/logging-middleware.js";
import { capture, recorder } from "./support/capture.js";

class SumResponse implements Failer {
  constructor(
    readonly v: number,
    readonly err?: Error,
  ) {}
  failed() {
    return this.err;
  }
}

const sum: Endpoint<{ a: number; b: number }, SumResponse> = async (_ctx, { a, b }) =>
  a < 0 ? new SumResponse(0, new Error("negative a")) : new SumResponse(a + b);

describe("loggingMiddleware", () => {
  it("writes method and took_ms for a call that succeeds", async () => {
    const rec = recorder();
    const res = await loggingMiddleware(rec, { method: "sum" })(sum)(background(), { a: 1, b: 2 });
    expect(res.v).toBe(3);
    expect(rec.records).toEqual([{ method: "sum", took_ms: expect.any(Number) }]);
    expect(rec.records[0]?.took_ms).toBeGreaterThanOrEqual(0);
  });

  it("writes the business error of a Failer response as err", async () => {
    const rec = recorder();
    await loggingMiddleware(rec, { method: "sum" })(sum)(background(), { a: -1, b: 2 });
    expect(rec.records).toEqual([
      { method: "sum", took_ms: expect.any(Number), err: "negative a" },
    ]);
  });

  it("writes a thrown KitError's code and message and rethrows it", async () => {
    const rec = recorder();
    const thrown = new KitError("unavailable", "backend down");
    const failing: Endpoint<unknown, unknown> = async () => {
      throw thrown;
    };
    await expect(loggingMiddleware(rec, { method: "f" })(failing)(background(), {})).rejects.toBe(
      thrown,
    );
    expect(rec.records).toEqual([
      { method: "f", took_ms: expect.any(Number), code: "unavailable", err: "backend down" },
    ]);
  });

  it("writes any other thrown error as code unknown with its message", async () => {
    const rec = recorder();
    const failing: Endpoint<unknown, unknown> = async () => {
      throw new RangeError("bad");
    };
    await expect(loggingMiddleware(rec)(failing)(background(), {})).rejects.toThrow(RangeError);
    expect(rec.records).toEqual([{ took_ms: expect.any(Number), code: "unknown", err: "bad" }]);
  });

  it("writes exactly one record per call", async () => {
    const out = capture();
    const logged = loggingMiddleware(info(jsonLogger(out.stream)), { method: "sum" })(sum);
    await logged(background(), { a: 1, b: 1 });
    await logged(background(), { a: -1, b: 1 });
    const records = out.lines().map((l) => JSON.parse(l));
    expect(records).toEqual([
      { level: "info", method: "sum", took_ms: expect.any(Number) },
      { level: "info", method: "sum", took_ms: expect.any(Number), err: "negative a" },
    ]);
  });

  it("keeps the endpoint's request and response types", async () => {
    const logged = loggingMiddleware(recorder())(sum);
    const res: SumResponse = await logged(background(), { a: 1, b: 2 });
    expect(res.v).toBe(3);
    // @ts-expect-error the request type is kept, so a wrong request does not compile
    await logged(background(), { a: "1", b: 2 });
  });

  it("rejects an empty method and a logger without log at construction", () => {
    expect(() => loggingMiddleware(recorder(), { method: "" })).toThrow(/method/);
    expect(() => loggingMiddleware({} as never)).toThrow(/logger/);
  });
});
