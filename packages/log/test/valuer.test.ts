import { isValuer, timestampUTC, valuer } from "../src/valuer.js";
import { withFields } from "../src/with-fields.js";
import { recorder } from "./support/capture.js";

describe("valuer", () => {
  it("brands a function so loggers call it per record", () => {
    let n = 0;
    const rec = recorder();
    const logger = withFields(rec, { n: valuer(() => ++n) });
    logger.log({});
    logger.log({});
    expect(rec.records).toEqual([{ n: 1 }, { n: 2 }]);
  });

  it("leaves a plain function unbranded", () => {
    expect(isValuer(() => 1)).toBe(false);
    expect(isValuer(valuer(() => 1))).toBe(true);
    expect(isValuer({})).toBe(false);
  });

  it("rejects a non-function", () => {
    expect(() => valuer(42 as never)).toThrow(TypeError);
  });
});

describe("timestampUTC", () => {
  afterEach(() => jest.useRealTimers());

  it("gives the current time as an RFC 3339 UTC string, per record", () => {
    jest.useFakeTimers({ now: Date.UTC(2026, 10, 25, 13, 0, 0) });
    const rec = recorder();
    const logger = withFields(rec, { ts: timestampUTC });
    logger.log({});
    jest.advanceTimersByTime(250);
    logger.log({});
    expect(rec.records).toEqual([
      { ts: "2026-11-25T13:00:00.000Z" },
      { ts: "2026-11-25T13:00:00.250Z" },
    ]);
  });

  it("formats once per millisecond and follows the clock back and forth", () => {
    jest.useFakeTimers({ now: Date.UTC(2026, 10, 25, 13, 0, 0, 7) });
    const first = timestampUTC();
    expect(timestampUTC()).toBe(first);
    expect(first).toBe("2026-11-25T13:00:00.007Z");
    jest.setSystemTime(Date.UTC(2026, 10, 25, 12, 59, 59, 999));
    expect(timestampUTC()).toBe("2026-11-25T12:59:59.999Z");
    jest.setSystemTime(Date.UTC(2026, 10, 25, 13, 0, 0, 7));
    expect(timestampUTC()).toBe(first);
  });
});
