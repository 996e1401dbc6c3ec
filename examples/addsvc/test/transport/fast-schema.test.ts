import type { StandardSchemaV1 } from "@kit/endpoint";
import { schemaDecoder } from "@kit/endpoint";
import { z } from "zod";
import { needsSchema, withFastPath } from "../../src/transport/fast-schema.js";

const full = z.object({ a: z.number().default(0), b: z.number().default(0) });
const count = { calls: 0 };
const counted: StandardSchemaV1<unknown, { a: number; b: number }> = {
  "~standard": {
    ...full["~standard"],
    validate: (value) => {
      count.calls++;
      return full["~standard"].validate(value) as ReturnType<
        (typeof counted)["~standard"]["validate"]
      >;
    },
  },
};
const numberMember = (v: unknown) =>
  v === undefined ? 0 : typeof v === "number" ? v : needsSchema;
const schema = withFastPath(counted, { a: numberMember, b: numberMember });
const decode = schemaDecoder(schema);

beforeEach(() => {
  count.calls = 0;
});

describe("withFastPath", () => {
  it("answers a plain object with known keys without the full schema", async () => {
    await expect(decode({ a: 1, b: 2 })).resolves.toEqual({ a: 1, b: 2 });
    await expect(decode({ b: 2 })).resolves.toEqual({ a: 0, b: 2 });
    expect(count.calls).toBe(0);
  });

  it("hands a value its checks do not accept to the full schema, issues and all", async () => {
    await expect(decode({ a: "1", b: 2 })).rejects.toMatchObject({
      code: "invalid_argument",
      details: { issues: [{ path: "a" }] },
    });
    await expect(decode([1, 2])).rejects.toMatchObject({ code: "invalid_argument" });
    expect(count.calls).toBe(2);
  });

  it("hands unknown keys, inherited keys and __proto__ to the full schema", async () => {
    await expect(decode({ a: 1, c: 3 })).resolves.toEqual({ a: 1, b: 0 });
    const inherited: unknown = Object.create({ a: 5 });
    await expect(decode(inherited)).resolves.toEqual(full.parse(inherited));
    await expect(decode(JSON.parse('{"__proto__":1}'))).resolves.toEqual({ a: 0, b: 0 });
    expect(count.calls).toBe(3);
  });

  it("keeps the full schema's vendor", () => {
    expect(schema["~standard"].vendor).toBe("zod");
  });
});
