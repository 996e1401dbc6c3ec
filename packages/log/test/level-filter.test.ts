import { nopLogger } from "@kit/endpoint";
import { debug, error, info, type Level, warn } from "../src/level.js";
import { type AllowLevel, levelFilter } from "../src/level-filter.js";
import { logfmtLogger } from "../src/logfmt-logger.js";
import { withFields } from "../src/with-fields.js";
import { capture, recorder } from "./support/capture.js";

const helpers = { debug, info, warn, error } as const;
const levels: Level[] = ["debug", "info", "warn", "error"];

describe("levelFilter", () => {
  it.each<[AllowLevel, Level[]]>([
    ["all", ["debug", "info", "warn", "error"]],
    ["debug", ["debug", "info", "warn", "error"]],
    ["info", ["info", "warn", "error"]],
    ["warn", ["warn", "error"]],
    ["error", ["error"]],
    ["none", []],
  ])("with allow %s passes leveled records at %j through the helpers", (allow, passed) => {
    const rec = recorder();
    const logger = levelFilter(rec, { allow });
    for (const l of levels) helpers[l](logger).log({ n: l });
    expect(rec.records.map((r) => r.level)).toEqual(passed);
  });

  it.each<[AllowLevel, Level[]]>([
    ["info", ["info", "warn", "error"]],
    ["error", ["error"]],
  ])("with allow %s passes records logged directly with a level field at %j", (allow, passed) => {
    const rec = recorder();
    const logger = levelFilter(rec, { allow });
    for (const l of levels) logger.log({ level: l });
    expect(rec.records.map((r) => r.level)).toEqual(passed);
  });

  it("makes a disabled level's logger nopLogger itself", () => {
    const logger = levelFilter(recorder(), { allow: "warn" });
    expect(debug(logger)).toBe(nopLogger);
    expect(info(logger)).toBe(nopLogger);
    expect(warn(logger)).not.toBe(nopLogger);
  });

  it("keeps the decision when fields are bound on top of it", () => {
    const rec = recorder();
    const logger = withFields(levelFilter(rec, { allow: "info" }), { svc: "add" });
    expect(debug(logger)).toBe(nopLogger);
    info(logger).log({ msg: "m" });
    expect(rec.records).toEqual([{ level: "info", svc: "add", msg: "m" }]);
  });

  it("lets records without a level through by default", () => {
    const rec = recorder();
    levelFilter(rec, { allow: "error" }).log({ msg: "plain" });
    levelFilter(rec, { allow: "error" }).log({ level: "loud", msg: "unknown level" });
    expect(rec.records).toEqual([{ msg: "plain" }, { level: "loud", msg: "unknown level" }]);
  });

  it("drops records without a level with squelchNoLevel", () => {
    const rec = recorder();
    const logger = levelFilter(rec, { allow: "debug", squelchNoLevel: true });
    logger.log({ msg: "plain" });
    info(logger).log({ msg: "leveled" });
    expect(rec.records).toEqual([{ level: "info", msg: "leveled" }]);
  });

  it("writes an error record in place of a squelched one with errNoLevel error", () => {
    const out = capture();
    const logger = levelFilter(logfmtLogger(out.stream), {
      allow: "warn",
      squelchNoLevel: true,
      errNoLevel: "error",
    });
    logger.log({ msg: "plain" });
    expect(out.lines()).toEqual([
      'level=error err="log record has no level" record="{\\"msg\\":\\"plain\\"}"',
    ]);
  });

  it("writes no error record when allow is none", () => {
    const rec = recorder();
    levelFilter(rec, { allow: "none", squelchNoLevel: true, errNoLevel: "error" }).log({});
    expect(rec.records).toEqual([]);
  });

  it("binds a level field itself instead of passing it down", () => {
    const rec = recorder();
    const logger = withFields(levelFilter(rec, { allow: "warn" }), { level: "debug" });
    logger.log({ msg: "now a debug record" });
    expect(rec.records).toEqual([]);
  });

  it("rejects bad options at construction", () => {
    const rec = recorder();
    expect(() => levelFilter(rec, { allow: "verbose" as never })).toThrow(/allow must be one of/);
    expect(() => levelFilter(rec, {} as never)).toThrow(/allow/);
    expect(() => levelFilter(rec, { allow: "info", squelchNoLevel: "yes" as never })).toThrow(
      /squelchNoLevel/,
    );
    expect(() => levelFilter(rec, { allow: "info", errNoLevel: "throw" as never })).toThrow(
      /errNoLevel/,
    );
    expect(() => levelFilter(rec, { allow: "info", errNoLevel: "error" })).toThrow(
      /needs squelchNoLevel/,
    );
  });
});
