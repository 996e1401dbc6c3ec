import { nopLogger } from "@kit/endpoint";
import fastify from "fastify";
import { jsonLogger } from "../src/json-logger.js";
import { levelFilter } from "../src/level-filter.js";
import { pinoCompatible } from "../src/pino-compatible.js";
import { capture, recorder } from "./support/capture.js";

describe("pinoCompatible", () => {
  it("turns a message call into a record with the kit level and msg", () => {
    const rec = recorder();
    pinoCompatible(rec).info("hello");
    expect(rec.records).toEqual([{ level: "info", msg: "hello" }]);
  });

  it("formats extra arguments util.format-style, as console does", () => {
    const rec = recorder();
    const logger = pinoCompatible(rec);
    logger.warn("%s took %dms", "sum", 12);
    logger.error("plain", "extra", 3);
    expect(rec.records).toEqual([
      { level: "warn", msg: "sum took 12ms" },
      { level: "error", msg: "plain extra 3" },
    ]);
  });

  it("adds an object's fields, then the message", () => {
    const rec = recorder();
    pinoCompatible(rec).info({ port: 8080, host: "::" }, "listening on %d", 8080);
    expect(Object.entries(rec.records[0] ?? {})).toEqual([
      ["level", "info"],
      ["port", 8080],
      ["host", "::"],
      ["msg", "listening on 8080"],
    ]);
  });

  it("logs an error under err with its message as msg unless one is given", () => {
    const rec = recorder();
    const boom = new Error("boom");
    const logger = pinoCompatible(rec);
    logger.error(boom);
    logger.error(boom, "while saving");
    expect(rec.records).toEqual([
      { level: "error", err: boom, msg: "boom" },
      { level: "error", err: boom, msg: "while saving" },
    ]);
  });

  it("maps trace to debug and fatal to error", () => {
    const rec = recorder();
    const logger = pinoCompatible(rec, { level: "trace" });
    logger.trace("t");
    logger.fatal("f");
    expect(rec.records).toEqual([
      { level: "debug", msg: "t" },
      { level: "error", msg: "f" },
    ]);
  });

  it("makes methods below its level no-ops, and switches them when the level changes", () => {
    const rec = recorder();
    const logger = pinoCompatible(rec);
    logger.debug("hidden");
    expect(logger.isLevelEnabled("debug")).toBe(false);
    logger.level = "debug";
    logger.debug("shown");
    logger.level = "silent";
    logger.error("hidden too");
    expect(logger.level).toBe("silent");
    expect(rec.records).toEqual([{ level: "debug", msg: "shown" }]);
  });

  it("makes methods no-ops where a kit level filter drops their level", () => {
    const rec = recorder();
    const logger = pinoCompatible(levelFilter(rec, { allow: "warn" }), { level: "trace" });
    expect(logger.isLevelEnabled("info")).toBe(false);
    expect(logger.isLevelEnabled("warn")).toBe(true);
    logger.info("dropped");
    logger.warn("kept");
    expect(rec.records).toEqual([{ level: "warn", msg: "kept" }]);
  });

  it("binds a child's fields after the parent's, through its serializers", () => {
    const rec = recorder();
    const parent = pinoCompatible(rec).child({ svc: "add" });
    const child = parent.child(
      { reqId: "r-1", req: { method: "GET", url: "/", headers: {} } },
      { serializers: { req: (r: { method: string; url: string }) => `${r.method} ${r.url}` } },
    );
    child.info({ req: { method: "POST", url: "/sum" } }, "incoming");
    parent.info("parent only");
    expect(rec.records).toEqual([
      { level: "info", svc: "add", reqId: "r-1", req: "POST /sum", msg: "incoming" },
      { level: "info", svc: "add", msg: "parent only" },
    ]);
    expect(Object.keys(rec.records[0] ?? {})).toEqual(["level", "svc", "reqId", "req", "msg"]);
  });

  it("gives a child its own level", () => {
    const rec = recorder();
    const child = pinoCompatible(rec).child({}, { level: "error" });
    child.warn("dropped");
    expect(child.level).toBe("error");
    expect(rec.records).toEqual([]);
  });

  it("never throws when the kit logger or a serializer does", () => {
    const logger = pinoCompatible(
      {
        log() {
          throw new Error("broken");
        },
      },
      { serializers: { x: () => 1 } },
    );
    expect(() => logger.info("x")).not.toThrow();
  });

  it("has the methods fastify requires of a logger instance", () => {
    const logger = pinoCompatible(nopLogger) as unknown as Record<string, unknown>;
    for (const m of ["info", "error", "debug", "fatal", "warn", "trace", "child"])
      expect(typeof logger[m]).toBe("function");
    expect(typeof (logger.child as (b: object) => Record<string, unknown>)({}).info).toBe(
      "function",
    );
  });

  it("rejects an unknown level, a bad serializer and a logger without log", () => {
    const rec = recorder();
    expect(() => pinoCompatible(rec, { level: "verbose" as never })).toThrow(/unknown level/);
    expect(() => pinoCompatible(rec, { serializers: { a: 1 as never } })).toThrow(/serializer a/);
    expect(() => pinoCompatible({} as never)).toThrow(/logger/);
    expect(() => {
      pinoCompatible(rec).level = "loud" as never;
    }).toThrow(/unknown level/);
  });
});

const appLoggingTo = (logger: ReturnType<typeof pinoCompatible>) =>
  fastify({ loggerInstance: logger });

describe("pinoCompatible as fastify's loggerInstance", () => {
  let app: ReturnType<typeof appLoggingTo>;
  const out = capture();
  beforeEach(async () => {
    out.chunks.length = 0;
    app = appLoggingTo(pinoCompatible(jsonLogger(out.stream)));
    app.get("/hello", async (request) => {
      request.log.info("handling");
      return { ok: true };
    });
    await app.listen({ port: 0, host: "127.0.0.1" });
  });
  afterEach(() => app.close());

  it("writes fastify's request logs as kit records, with fastify's serializers", async () => {
    const addresses = out.lines().map((l) => JSON.parse(l));
    const url = /http:\/\/127\.0\.0\.1:\d+/.exec(String(addresses.at(-1)?.msg))?.[0];
    expect(url).toBeDefined();
    const res = await fetch(`${url}/hello`);
    expect(await res.json()).toEqual({ ok: true });
    const records = out.lines().map((l) => JSON.parse(l) as Record<string, unknown>);
    const incoming = records.find((r) => r.msg === "incoming request");
    const handling = records.find((r) => r.msg === "handling");
    const completed = records.find((r) => r.msg === "request completed");
    expect(incoming).toEqual(
      expect.objectContaining({
        level: "info",
        reqId: expect.any(String),
        req: expect.objectContaining({ method: "GET", url: "/hello" }),
      }),
    );
    expect(handling).toEqual({ level: "info", reqId: incoming?.reqId, msg: "handling" });
    expect(completed).toEqual(
      expect.objectContaining({
        level: "info",
        reqId: incoming?.reqId,
        res: { statusCode: 200 },
        responseTime: expect.any(Number),
      }),
    );
  });
});
