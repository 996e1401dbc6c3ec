import { type } from "arktype";
import * as v from "valibot";
import { z } from "zod";
import type { KitError } from "../src/errors.js";
import { isKitError } from "../src/errors.js";
import type { StandardSchemaV1 } from "../src/schema.js";
import { schemaDecoder } from "../src/schema.js";

async function rejection(promise: Promise<unknown>): Promise<KitError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isKitError(err)) throw new Error(`expected a KitError, got ${String(err)}`);
  return err;
}

const schemas: [string, StandardSchemaV1][] = [
  ["zod", z.object({ a: z.number(), items: z.array(z.object({ name: z.string() })) })],
  ["valibot", v.object({ a: v.number(), items: v.array(v.object({ name: v.string() })) })],
  ["arktype", type({ a: "number", items: type({ name: "string" }).array() })],
];

describe.each(schemas)("schemaDecoder with %s", (_vendor, schema) => {
  const decode = schemaDecoder(schema);

  it("returns the validated value", async () => {
    await expect(decode({ a: 1, items: [{ name: "x" }] })).resolves.toEqual({
      a: 1,
      items: [{ name: "x" }],
    });
  });

  it("rejects with invalid_argument listing each issue's path", async () => {
    const err = await rejection(decode({ a: "1", items: [{ name: "x" }, { name: 2 }] }));
    expect(err.code).toBe("invalid_argument");
    const issues = err.details?.issues as { path: string; message: string }[];
    expect(issues.map((i) => i.path).sort()).toEqual(["a", "items[1].name"]);
    expect(issues.every((i) => i.message.length > 0)).toBe(true);
    expect(err.message).toMatch(/^invalid request: /);
    expect(err.message).toContain("items[1].name: ");
  });

  it("reports an issue at the root with an empty path", async () => {
    const err = await rejection(decode("not an object"));
    const issues = err.details?.issues as { path: string }[];
    expect(issues[0]?.path).toBe("");
  });
});

describe("schemaDecoder", () => {
  it("infers the output type from a zod schema", async () => {
    const decode = schemaDecoder(z.object({ a: z.coerce.number() }));
    const out = await decode({ a: "41" });
    const n: number = out.a + 1;
    expect(n).toBe(42);
  });

  it("supports validators that answer asynchronously and with path segment objects", async () => {
    const schema: StandardSchemaV1<unknown, string> = {
      "~standard": {
        version: 1,
        vendor: "custom",
        validate: async (value) =>
          typeof value === "string"
            ? { value }
            : { issues: [{ message: "not a string", path: [{ key: "outer" }, { key: 0 }] }] },
      },
    };
    const err = await rejection(schemaDecoder(schema)(5));
    expect(err.details?.issues).toEqual([{ path: "outer[0]", message: "not a string" }]);
    await expect(schemaDecoder(schema)("ok")).resolves.toBe("ok");
  });

  it("settles a synchronous answer without waiting on the validator", async () => {
    let calls = 0;
    const schema: StandardSchemaV1<unknown, number> = {
      "~standard": {
        version: 1,
        vendor: "custom",
        validate: (value) => {
          calls++;
          return typeof value === "number" ? { value } : { issues: [{ message: "NaN" }] };
        },
      },
    };
    const decode = schemaDecoder(schema);
    const ok = decode(7);
    const bad = decode("x");
    expect(calls).toBe(2);
    await expect(ok).resolves.toBe(7);
    const err = await rejection(bad);
    expect(err.message).toBe("invalid request: NaN");
  });

  it("turns a validator's throw or rejected answer into a rejection, never a throw", async () => {
    const boom = new Error("boom");
    const throwing: StandardSchemaV1 = {
      "~standard": {
        version: 1,
        vendor: "custom",
        validate: () => {
          throw boom;
        },
      },
    };
    const rejecting: StandardSchemaV1 = {
      "~standard": { version: 1, vendor: "custom", validate: () => Promise.reject(boom) },
    };
    let pending: Promise<unknown> | undefined;
    expect(() => {
      pending = schemaDecoder(throwing)(1);
    }).not.toThrow();
    await expect(pending).rejects.toBe(boom);
    await expect(schemaDecoder(rejecting)(1)).rejects.toBe(boom);
  });

  it("accepts a validator answering with any thenable", async () => {
    const schema: StandardSchemaV1<unknown, string> = {
      "~standard": {
        version: 1,
        vendor: "custom",
        validate: (value) =>
          ({
            // biome-ignore lint/suspicious/noThenProperty: a foreign thenable on purpose.
            then: (resolve: (r: { value: string }) => void) => resolve({ value: String(value) }),
          }) as unknown as Promise<{ value: string }>,
      },
    };
    await expect(schemaDecoder(schema)(3)).resolves.toBe("3");
  });
});
