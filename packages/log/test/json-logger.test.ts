import { jsonLogger } from "../src/json-logger.js";
import { valuer } from "../src/valuer.js";
import { withFields } from "../src/with-fields.js";
import { capture } from "./support/capture.js";

function one(fields: Record<string, unknown>, options?: Parameters<typeof jsonLogger>[1]) {
  const out = capture();
  jsonLogger(out.stream, options).log(fields);
  expect(out.chunks).toHaveLength(1);
  expect(out.chunks[0]?.endsWith("}\n")).toBe(true);
  return { text: out.chunks[0] as string, parsed: JSON.parse(out.chunks[0] as string) };
}

describe("jsonLogger", () => {
  it("writes one JSON object per line that parses back to the record", () => {
    const record = { s: 'quote " and \\ and\nnewline', n: 1.5, b: false, nil: null, u: "ünï" };
    expect(one(record).parsed).toEqual(record);
  });

  it("keeps the record's key order", () => {
    expect(Object.keys(one({ z: 1, a: 2, m: 3 }).parsed)).toEqual(["z", "a", "m"]);
  });

  it("writes undefined as null", () => {
    expect(one({ u: undefined }).parsed).toEqual({ u: null });
  });

  it("writes NaN and Infinity as strings", () => {
    expect(one({ a: Number.NaN, b: Number.POSITIVE_INFINITY }).parsed).toEqual({
      a: "NaN",
      b: "Infinity",
    });
  });

  it("writes a bigint as a string of its digits by default", () => {
    expect(one({ id: 2n ** 64n + 1n }).parsed).toEqual({ id: "18446744073709551617" });
  });

  it("writes a bigint as a bare exact number with bigint: number, nested ones too", () => {
    expect(one({ id: 2n ** 64n + 1n, in: { x: -5n } }, { bigint: "number" }).text).toBe(
      '{"id":18446744073709551617,"in":{"x":-5}}\n',
    );
  });

  it("writes an error as its message, nested ones too", () => {
    expect(one({ err: new Error("boom"), deep: { e: new Error("inner") } }).parsed).toEqual({
      err: "boom",
      deep: { e: "inner" },
    });
  });

  it("writes a date as its RFC 3339 UTC string", () => {
    expect(one({ at: new Date(Date.UTC(2026, 10, 25)) }).parsed).toEqual({
      at: "2026-11-25T00:00:00.000Z",
    });
  });

  it("writes circular references as a marker and keeps shared ones", () => {
    const shared = { v: 1 };
    const loop: Record<string, unknown> = { name: "loop" };
    loop.self = loop;
    expect(one({ loop, pair: [shared, shared] }).parsed).toEqual({
      loop: { name: "loop", self: "[Circular]" },
      pair: [{ v: 1 }, { v: 1 }],
    });
  });

  it("writes a valuer as what it returns", () => {
    expect(one({ v: valuer(() => ({ x: 1 })) }).parsed).toEqual({ v: { x: 1 } });
  });

  it("writes a value whose toJSON throws as a marker, keeping the record", () => {
    const bad = {
      toJSON() {
        throw new Error("no");
      },
    };
    expect(one({ a: 1, bad }).parsed).toEqual({ a: 1, bad: "[unserializable]" });
  });

  it("writes bound fields first and a repeated key once, so the line parses to the record", () => {
    const out = capture();
    withFields(jsonLogger(out.stream), { svc: "add", n: 0 }).log({ n: 7, msg: "x" });
    expect(out.lines()).toEqual(['{"svc":"add","n":7,"msg":"x"}']);
  });

  it("rejects an unknown bigint option at construction", () => {
    expect(() => jsonLogger(capture().stream, { bigint: "text" as never })).toThrow(
      /bigint must be "string" or "number"/,
    );
  });

  it("rejects a stream without write at construction", () => {
    expect(() => jsonLogger(null as never)).toThrow(TypeError);
  });
});
