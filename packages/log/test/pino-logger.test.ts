import pino from "pino";
import { debug, error, info, warn } from "../src/level.js";
import { pinoLogger } from "../src/pino-logger.js";
import { valuer } from "../src/valuer.js";
import { withFields } from "../src/with-fields.js";
import { capture } from "./support/capture.js";

function sink(level = "trace") {
  const out = capture();
  const p = pino({ level, base: undefined, timestamp: false }, out.stream);
  const records = () => out.lines().map((l) => JSON.parse(l) as Record<string, unknown>);
  return { p, records };
}

describe("pinoLogger", () => {
  it("maps each kit level to pino's numeric level", () => {
    const { p, records } = sink();
    const logger = pinoLogger(p);
    debug(logger).log({ n: 1 });
    info(logger).log({ n: 2 });
    warn(logger).log({ n: 3 });
    error(logger).log({ n: 4 });
    expect(records()).toEqual([
      { level: 20, n: 1 },
      { level: 30, n: 2 },
      { level: 40, n: 3 },
      { level: 50, n: 4 },
    ]);
  });

  it("writes the other fields in order, bound ones first, with msg", () => {
    const { p, records } = sink();
    info(withFields(pinoLogger(p), { svc: "add" })).log({ method: "sum", msg: "done" });
    const [r] = records();
    expect(r).toEqual({ level: 30, svc: "add", method: "sum", msg: "done" });
    expect(Object.keys(r ?? {})).toEqual(["level", "svc", "method", "msg"]);
  });

  it("logs records without a level at noLevel", () => {
    const { p, records } = sink();
    pinoLogger(p).log({ a: 1 });
    pinoLogger(p, { noLevel: "warn" }).log({ a: 2 });
    expect(records()).toEqual([
      { level: 30, a: 1 },
      { level: 40, a: 2 },
    ]);
  });

  it("leaves level filtering to pino's own level", () => {
    const { p, records } = sink("warn");
    const logger = pinoLogger(p);
    info(logger).log({ dropped: true });
    warn(logger).log({ kept: true });
    expect(records()).toEqual([{ level: 40, kept: true }]);
  });

  it("hands err to pino's error serializer and other errors as their message", () => {
    const { p, records } = sink();
    error(pinoLogger(p)).log({ err: new TypeError("boom"), cause: new Error("inner") });
    const [r] = records();
    expect(r?.err).toEqual(
      expect.objectContaining({ type: "TypeError", message: "boom", stack: expect.any(String) }),
    );
    expect(r?.cause).toBe("inner");
  });

  it("evaluates valuers per record", () => {
    const { p, records } = sink();
    let n = 0;
    const logger = withFields(pinoLogger(p), { n: valuer(() => ++n) });
    logger.log({});
    logger.log({});
    expect(records().map((r) => r.n)).toEqual([1, 2]);
  });

  it("rejects something that is not a pino logger and an unknown noLevel", () => {
    expect(() => pinoLogger({ info() {} } as never)).toThrow(/no trace\(\) method/);
    const { p } = sink();
    expect(() => pinoLogger(p, { noLevel: "notice" as never })).toThrow(/noLevel/);
  });
});

describe("pinoLogger with an unknown level value", () => {
  it("drops the value, so pino's numeric level stays the only one, and uses noLevel", () => {
    const out = capture();
    const p = pino({ base: undefined, timestamp: false }, out.stream);
    pinoLogger(p).log({ level: "notice", a: 1 });
    expect(out.lines()).toEqual(['{"level":30,"a":1}']);
  });
});
