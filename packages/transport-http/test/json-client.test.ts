import type { KitError } from "@kit/endpoint";
import { background, isKitError } from "@kit/endpoint";
import { z } from "zod";
import type { ClientResponse } from "../src/client.js";
import { decodeJSONResponse, encodeJSONRequest, jsonRequestEncoder } from "../src/json-client.js";

const ctx = background();
const response = (body: string): ClientResponse => ({
  status: 200,
  headers: { "content-type": "application/json" },
  body: Buffer.from(body),
});

async function rejection(promise: Promise<unknown>): Promise<KitError> {
  try {
    await promise;
  } catch (err) {
    if (isKitError(err)) return err;
    throw err;
  }
  throw new Error("expected a rejection");
}

describe("encodeJSONRequest and jsonRequestEncoder", () => {
  it("encodes the request as a JSON body with a JSON content type", async () => {
    await expect(encodeJSONRequest(ctx, { a: 1 })).resolves.toEqual({
      body: '{"a":1}',
      headers: { "content-type": "application/json; charset=utf-8" },
    });
  });

  it("writes null for an undefined request", async () => {
    expect((await encodeJSONRequest(ctx, undefined)).body).toBe("null");
  });

  it("rejects a bigint with the default stringify and sends one with a custom stringify", async () => {
    await expect(encodeJSONRequest(ctx, { a: 1n })).rejects.toThrow(TypeError);
    const encode = jsonRequestEncoder({
      stringify: (v) =>
        JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? `${x}#` : x)).replace(
          /"(\d+)#"/g,
          "$1",
        ),
    });
    expect((await encode(ctx, { a: 9007199254740993n })).body).toBe('{"a":9007199254740993}');
  });

  it("refuses a stringify that is not a function", () => {
    expect(() => jsonRequestEncoder({ stringify: 1 as never })).toThrow(
      "jsonRequestEncoder: stringify must be a function",
    );
  });
});

describe("decodeJSONResponse", () => {
  it("parses the body, and an empty body as undefined", async () => {
    await expect(decodeJSONResponse()(ctx, response('{"v":3}'))).resolves.toEqual({ v: 3 });
    await expect(decodeJSONResponse()(ctx, response(""))).resolves.toBeUndefined();
  });

  it("rejects a malformed body with internal", async () => {
    const err = await rejection(decodeJSONResponse()(ctx, response("{oops")));
    expect(err.code).toBe("internal");
    expect(err.message).toMatch(/^malformed JSON in response body: /);
  });

  it("rejects a body the schema refuses with internal, keeping the issues", async () => {
    const decode = decodeJSONResponse({ schema: z.object({ v: z.number() }) });
    const ok: { v: number } = await decode(ctx, response('{"v":1}'));
    expect(ok).toEqual({ v: 1 });
    const err = await rejection(decode(ctx, response('{"v":"x"}')));
    expect(err.code).toBe("internal");
    expect(err.message).toMatch(/^invalid response: v: /);
    expect(err.details).toEqual({ issues: [{ path: "v", message: expect.any(String) }] });
  });

  it("uses a custom parser", async () => {
    const decode = decodeJSONResponse<{ v: bigint }>({
      parse: (text) => ({ v: BigInt(text.replace(/\D/g, "")) }),
    });
    await expect(decode(ctx, response('{"v":9007199254740993}'))).resolves.toEqual({
      v: 9007199254740993n,
    });
  });

  it("refuses bad options at construction", () => {
    expect(() => decodeJSONResponse({ parse: "x" as never })).toThrow(
      "decodeJSONResponse: parse must be a function",
    );
    expect(() => decodeJSONResponse({ schema: 1 as never })).toThrow(
      "decodeJSONResponse: schema must be a Standard Schema",
    );
  });
});
