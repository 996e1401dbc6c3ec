import type { Logger } from "../src/logger.js";
import { nopLogger } from "../src/logger.js";

describe("nopLogger", () => {
  it("accepts records and writes nothing", () => {
    const spy = jest.spyOn(process.stdout, "write");
    expect(nopLogger.log({ msg: "dropped", n: 1 })).toBeUndefined();
    expect(spy).not.toHaveBeenCalled();
    spy.mockRestore();
  });

  it("cannot be replaced by a caller", () => {
    expect(Object.isFrozen(nopLogger)).toBe(true);
  });

  it("is a Logger like any object with a log method", () => {
    const lines: Record<string, unknown>[] = [];
    const loggers: Logger[] = [nopLogger, { log: (fields) => lines.push(fields) }];
    for (const logger of loggers) logger.log({ msg: "hi" });
    expect(lines).toEqual([{ msg: "hi" }]);
  });
});
