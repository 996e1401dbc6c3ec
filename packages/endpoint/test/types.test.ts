/**
 * Type-level tests: `typecheck` compiles them, so each `@ts-expect-error` line must stay an
 * error and each plain line must stay valid.
 */
import { background } from "../src/context.js";
import type { Endpoint, GenericMiddleware, Middleware } from "../src/endpoint.js";
import { chain } from "../src/endpoint.js";
import { createKey } from "../src/key.js";
import type { InferOutput, StandardSchemaV1 } from "../src/schema.js";
import { schemaDecoder } from "../src/schema.js";

type SumReq = { a: number; b: number };
type SumRes = { v: number };
const sum: Endpoint<SumReq, SumRes> = async (_ctx, { a, b }) => ({ v: a + b });
const concat: Endpoint<{ a: string; b: string }, { v: string }> = async (_ctx, r) => ({
  v: r.a + r.b,
});

const passThrough: GenericMiddleware = (next) => (ctx, req) => next(ctx, req);
const sumOnly: Middleware<SumReq, SumRes> = (next) => next;

describe("types", () => {
  it("lets a generic middleware wrap endpoints of any type, keeping their types", () => {
    const s: Endpoint<SumReq, SumRes> = passThrough(sum);
    const c: Endpoint<{ a: string; b: string }, { v: string }> = passThrough(concat);
    expect([s, c]).toHaveLength(2);
  });

  it("keeps a chain of generic middlewares generic", () => {
    const both = chain(passThrough, passThrough);
    const s: Endpoint<SumReq, SumRes> = both(sum);
    const c: Endpoint<{ a: string; b: string }, { v: string }> = both(concat);
    expect([s, c]).toHaveLength(2);
  });

  it("rejects mixing a typed middleware with the wrong endpoint", () => {
    // @ts-expect-error sumOnly does not fit concat's request type
    const wrong = sumOnly(concat);
    const unknownMw: Middleware<unknown, unknown> = (next) => next;
    // @ts-expect-error a Middleware<unknown, unknown> does not accept a typed endpoint under strict
    unknownMw(sum);
    expect(wrong).toBeDefined();
  });

  it("rejects calling an endpoint with the wrong request or reading the wrong response", async () => {
    // @ts-expect-error b must be a number
    await sum(background(), { a: 1, b: "2" }).catch(() => undefined);
    const res = await sum(background(), { a: 1, b: 2 });
    // @ts-expect-error the response has no `w`
    expect(res.w).toBeUndefined();
  });

  it("types context values by their key", () => {
    const key = createKey<number>("n");
    const v: number | undefined = background().value(key);
    // @ts-expect-error a number key does not give a string
    const s: string | undefined = background().value(key);
    expect([v, s]).toEqual([undefined, undefined]);
  });

  it("infers a decoder's output from the schema", async () => {
    const schema: StandardSchemaV1<unknown, SumReq> = {
      "~standard": {
        version: 1,
        vendor: "test",
        validate: (value) => ({ value: value as SumReq }),
      },
    };
    const decode = schemaDecoder(schema);
    const req: InferOutput<typeof schema> = await decode({ a: 1, b: 2 });
    // @ts-expect-error the decoded request has no `c`
    expect(req.c).toBeUndefined();
  });
});
