import { logfmtKey, logfmtLogger, logfmtValue } from "../src/logfmt-logger.js";
import { timestampUTC, valuer } from "../src/valuer.js";
import { withFields, withPrefix } from "../src/with-fields.js";
import { capture } from "./support/capture.js";

describe("logfmtValue", () => {
  const circular: Record<string, unknown> = { a: 1 };
  circular.self = circular;
  it.each<[string, unknown, string]>([
    ["a bare word stays bare", "hello", "hello"],
    ["a space forces quotes", "hello world", '"hello world"'],
    ["an equals sign forces quotes", "a=b", '"a=b"'],
    ["a quote is escaped inside quotes", 'say "hi"', '"say \\"hi\\""'],
    ["a backslash is escaped inside quotes", "C:\\dir", '"C:\\\\dir"'],
    ["a newline is escaped", "line1\nline2", '"line1\\nline2"'],
    ["a tab is escaped", "a\tb", '"a\\tb"'],
    ["another control character is escaped as \\u00XX", "a\u0001b", '"a\\u0001b"'],
    ["an empty string is quoted", "", '""'],
    ["the string null is quoted to tell it from null", "null", '"null"'],
    ["unicode is written as is", "héllo→世界", "héllo→世界"],
    ["unicode with a space is quoted and kept", "naïve café", '"naïve café"'],
    ["an integer is bare", 42, "42"],
    ["a float is bare", -0.5, "-0.5"],
    ["NaN is bare", Number.NaN, "NaN"],
    ["true is bare", true, "true"],
    ["false is bare", false, "false"],
    ["null is null", null, "null"],
    ["undefined is null", undefined, "null"],
    ["a bigint is its digits", 2n ** 64n, "18446744073709551616"],
    [
      "a date is RFC 3339 UTC",
      new Date(Date.UTC(2026, 10, 25, 13, 0, 0, 5)),
      "2026-11-25T13:00:00.005Z",
    ],
    ["an invalid date is quoted text", new Date(Number.NaN), '"Invalid Date"'],
    ["an error is its message", new Error("boom"), "boom"],
    ["an error with spaces is its quoted message", new TypeError("no such key"), '"no such key"'],
    ["an object is quoted JSON", { a: 1, b: "x" }, '"{\\"a\\":1,\\"b\\":\\"x\\"}"'],
    ["an array is JSON", [1, 2], "[1,2]"],
    [
      "a circular object is written with a marker",
      circular,
      '"{\\"a\\":1,\\"self\\":\\"[Circular]\\"}"',
    ],
    ["a symbol is its description", Symbol("s"), "Symbol(s)"],
    ["a plain function is named", function named() {}, '"[function named]"'],
    ["a valuer is what it returns", valuer(() => "v w"), '"v w"'],
  ])("%s", (_name, value, expected) => {
    expect(logfmtValue(value)).toBe(expected);
  });
});

describe("logfmtKey", () => {
  it.each<[string, string, string]>([
    ["a plain key stays", "took_ms", "took_ms"],
    ["a space becomes an underscore", "user id", "user_id"],
    ["an equals sign becomes an underscore", "a=b", "a_b"],
    ["a quote becomes an underscore", 'a"b', "a_b"],
    ["a newline becomes an underscore", "a\nb", "a_b"],
    ["an empty key becomes an underscore", "", "_"],
    ["unicode is kept", "clé", "clé"],
  ])("%s", (_name, key, expected) => {
    expect(logfmtKey(key)).toBe(expected);
  });
});

describe("logfmtLogger", () => {
  it("writes one line per record in one write, keys in the record's order", () => {
    const out = capture();
    logfmtLogger(out.stream).log({ z: 1, a: "two words", m: true });
    expect(out.chunks).toEqual(['z=1 a="two words" m=true\n']);
  });

  it("writes an empty record as an empty line", () => {
    const out = capture();
    logfmtLogger(out.stream).log({});
    expect(out.chunks).toEqual(["\n"]);
  });

  it("writes bound fields before the record's own", () => {
    const out = capture();
    withFields(logfmtLogger(out.stream), { svc: "add", region: "eu west" }).log({ msg: "up" });
    expect(out.lines()).toEqual(['svc=add region="eu west" msg=up']);
  });

  it("renders bound fields once, not per record", () => {
    const out = capture();
    const toJSON = jest.fn(() => ({ v: 1 }));
    const logger = withFields(logfmtLogger(out.stream), { obj: { toJSON } });
    logger.log({ n: 1 });
    logger.log({ n: 2 });
    expect(toJSON).toHaveBeenCalledTimes(1);
    expect(out.lines()).toEqual(['obj="{\\"v\\":1}" n=1', 'obj="{\\"v\\":1}" n=2']);
  });

  it("evaluates a bound valuer per record, in its place", () => {
    const out = capture();
    let n = 0;
    const logger = withFields(logfmtLogger(out.stream), { a: 1, n: valuer(() => ++n), b: 2 });
    logger.log({ c: 3 });
    logger.log({ c: 4 });
    expect(out.lines()).toEqual(["a=1 n=1 b=2 c=3", "a=1 n=2 b=2 c=4"]);
  });

  it("writes a repeated key once, with the record's value in the bound key's place", () => {
    const out = capture();
    withFields(logfmtLogger(out.stream), { a: 1, b: 2 }).log({ c: 3, a: "x" });
    expect(out.lines()).toEqual(["a=x b=2 c=3"]);
  });

  it("lets an earlier-bound field win over a later prefix with the same key", () => {
    const out = capture();
    withPrefix(withFields(logfmtLogger(out.stream), { k: "inner" }), { ts: "t", k: "prefix" }).log(
      {},
    );
    expect(out.lines()).toEqual(["ts=t k=inner"]);
  });

  it("never throws when the stream throws", () => {
    const logger = logfmtLogger({
      write() {
        throw new Error("disk full");
      },
    });
    expect(() => logger.log({ a: 1 })).not.toThrow();
  });

  it("drops a record whose valuer throws instead of throwing", () => {
    const out = capture();
    const logger = withFields(logfmtLogger(out.stream), {
      bad: valuer(() => {
        throw new Error("no");
      }),
    });
    expect(() => logger.log({ a: 1 })).not.toThrow();
    expect(out.chunks).toEqual([]);
  });

  it("rejects a stream without write at construction", () => {
    expect(() => logfmtLogger({} as never)).toThrow(TypeError);
  });

  it("keeps timestamps fresh when bound as a prefix", () => {
    jest.useFakeTimers({ now: Date.UTC(2026, 0, 1) });
    try {
      const out = capture();
      const logger = withPrefix(logfmtLogger(out.stream), { ts: timestampUTC });
      logger.log({});
      jest.advanceTimersByTime(1500);
      logger.log({});
      expect(out.lines()).toEqual(["ts=2026-01-01T00:00:00.000Z", "ts=2026-01-01T00:00:01.500Z"]);
    } finally {
      jest.useRealTimers();
    }
  });
});
