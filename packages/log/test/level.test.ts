import { nopLogger } from "@kit/endpoint";
import { debug, error, info, levelKey, recordLevel, warn } from "../src/level.js";
import { logfmtLogger } from "../src/logfmt-logger.js";
import { withFields } from "../src/with-fields.js";
import { capture, recorder } from "./support/capture.js";

describe("level helpers", () => {
  it.each([
    ["debug", debug],
    ["info", info],
    ["warn", warn],
    ["error", error],
  ] as const)("%s puts its level in front of every record", (name, helper) => {
    const out = capture();
    helper(withFields(logfmtLogger(out.stream), { svc: "add" })).log({ msg: "m" });
    expect(out.lines()).toEqual([`level=${name} svc=add msg=m`]);
  });

  it("writes the level under the key level", () => {
    const rec = recorder();
    warn(rec).log({});
    expect(rec.records).toEqual([{ [levelKey]: "warn" }]);
    expect(levelKey).toBe("level");
  });

  it("keeps nopLogger as nopLogger", () => {
    expect(info(nopLogger)).toBe(nopLogger);
  });

  it("rejects a logger without log", () => {
    expect(() => info(undefined as never)).toThrow(TypeError);
  });
});

describe("recordLevel", () => {
  it("reads the four level names and nothing else", () => {
    expect(recordLevel({ level: "warn" })).toBe("warn");
    expect(recordLevel({ level: "WARN" })).toBeUndefined();
    expect(recordLevel({ level: "toString" })).toBeUndefined();
    expect(recordLevel({})).toBeUndefined();
  });
});
