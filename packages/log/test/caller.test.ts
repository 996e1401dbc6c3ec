import { background, type Logger } from "@kit/endpoint";
import { caller } from "../src/caller.js";
import { info } from "../src/level.js";
import { levelFilter } from "../src/level-filter.js";
import { logfmtLogger } from "../src/logfmt-logger.js";
import { loggingMiddleware } from "../src/logging-middleware.js";
import { withFields, withPrefix } from "../src/with-fields.js";
import { capture, recorder } from "./support/capture.js";

/** The line number of the line that calls it. */
function currentLine(): number {
  const line = new Error().stack?.split("\n")[2] ?? "";
  return Number(/:(\d+):\d+\)?$/.exec(line)?.[1]);
}

function logThrough(logger: Logger): void {
  logger.log({ msg: "from helper" });
}

describe("caller", () => {
  it("gives the file and line of the log call", () => {
    const rec = recorder();
    const logger = withFields(rec, { caller: caller() });
    const line = currentLine() + 1;
    logger.log({ msg: "here" });
    expect(rec.records[0]).toEqual({ caller: `caller.test.ts:${line}`, msg: "here" });
  });

  it("skips every @kit/log wrapper between the call and the writer", () => {
    const out = capture();
    const base = levelFilter(withPrefix(logfmtLogger(out.stream), { c: caller() }), {
      allow: "debug",
    });
    const logger = info(withFields(base, { svc: "add" }));
    const line = currentLine() + 1;
    logger.log({ msg: "deep" });
    expect(out.lines()).toEqual([`level=info c=caller.test.ts:${line} svc=add msg=deep`]);
  });

  it("goes one frame further out per depth", () => {
    const rec = recorder();
    const line = currentLine() + 1;
    logThrough(withFields(rec, { caller: caller(1) }));
    expect(rec.records[0]?.caller).toBe(`caller.test.ts:${line}`);
  });

  it("evaluates per record", () => {
    const rec = recorder();
    const logger = withFields(rec, { caller: caller() });
    const first = currentLine() + 1;
    logger.log({});
    logger.log({});
    expect(rec.records.map((r) => r.caller)).toEqual([
      `caller.test.ts:${first}`,
      `caller.test.ts:${first + 1}`,
    ]);
  });

  it("rejects a negative or fractional depth", () => {
    expect(() => caller(-1)).toThrow(TypeError);
    expect(() => caller(0.5)).toThrow(TypeError);
  });
});

describe("caller through loggingMiddleware", () => {
  it("points at the line that awaited the endpoint", async () => {
    const rec = recorder();
    const endpoint = loggingMiddleware(withFields(rec, { caller: caller() }))(async () => {
      await Promise.resolve();
      return 1;
    });
    const line = currentLine() + 1;
    await endpoint(background(), {});
    expect(rec.records[0]?.caller).toBe(`caller.test.ts:${line}`);
  });
});
