import { nopLogger } from "@kit/endpoint";
import { valuer } from "../src/valuer.js";
import { withFields, withPrefix } from "../src/with-fields.js";
import { recorder } from "./support/capture.js";

describe("withFields", () => {
  it("adds fields after those bound before and before the record's own", () => {
    const rec = recorder();
    withFields(withFields(rec, { a: 1 }), { b: 2 }).log({ c: 3 });
    expect(Object.entries(rec.records[0] ?? {})).toEqual([
      ["a", 1],
      ["b", 2],
      ["c", 3],
    ]);
  });

  it("lets the record's value win for a repeated key, in the bound key's place", () => {
    const rec = recorder();
    withFields(rec, { a: 1, b: 2 }).log({ a: 9 });
    expect(Object.entries(rec.records[0] ?? {})).toEqual([
      ["a", 9],
      ["b", 2],
    ]);
  });

  it("wraps a plain logger once however many times fields are bound", () => {
    const rec = recorder();
    const log = jest.spyOn(rec, "log");
    withFields(withFields(withFields(rec, { a: 1 }), { b: 2 }), { c: 3 }).log({});
    expect(log).toHaveBeenCalledTimes(1);
    expect(rec.records).toEqual([{ a: 1, b: 2, c: 3 }]);
  });

  it("hands the wrapped logger evaluated valuers", () => {
    const rec = recorder();
    withFields(rec, { v: valuer(() => "computed") }).log({});
    expect(rec.records).toEqual([{ v: "computed" }]);
  });

  it("copies the fields, so later changes to the object do not leak in", () => {
    const rec = recorder();
    const fields: Record<string, unknown> = { a: 1 };
    const logger = withFields(rec, fields);
    fields.a = 2;
    logger.log({});
    expect(rec.records).toEqual([{ a: 1 }]);
  });

  it("never changes the record object it is given", () => {
    const rec = recorder();
    const record = { x: 1 };
    withFields(rec, { a: 1 }).log(record);
    expect(record).toEqual({ x: 1 });
  });

  it("keeps nopLogger as nopLogger and returns the logger itself for no fields", () => {
    const rec = recorder();
    expect(withFields(nopLogger, { a: 1 })).toBe(nopLogger);
    expect(withFields(rec, {})).toBe(rec);
  });

  it("rejects a logger without log and fields that are not an object", () => {
    expect(() => withFields({} as never, { a: 1 })).toThrow(/withFields: logger/);
    expect(() => withFields(recorder(), [1] as never)).toThrow(/withFields: fields/);
  });
});

describe("withPrefix", () => {
  it("puts fields in front of everything bound so far", () => {
    const rec = recorder();
    withPrefix(withFields(rec, { a: 1 }), { ts: "t" }).log({ c: 3 });
    expect(Object.keys(rec.records[0] ?? {})).toEqual(["ts", "a", "c"]);
  });

  it("lets a field bound earlier win over a prefix with the same key", () => {
    const rec = recorder();
    withPrefix(withFields(rec, { a: "bound" }), { a: "prefix" }).log({});
    expect(rec.records).toEqual([{ a: "bound" }]);
  });
});
