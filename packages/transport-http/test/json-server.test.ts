import type { Endpoint, Failer } from "@kit/endpoint";
import { background, isKitError, KitError } from "@kit/endpoint";
import type { FastifyInstance, FastifyRequest } from "fastify";
import fastify from "fastify";
import { z } from "zod";
import { decodeJSONRequest, encodeJSONResponse, jsonResponseEncoder } from "../src/json-server.js";
import { httpTransport } from "../src/plugin.js";
import { createServer } from "../src/server.js";
import { listen, post } from "./support/servers.js";

/** A stand-in for the few request fields the decoder reads. */
function request(body: unknown, contentType?: string): FastifyRequest {
  return {
    body,
    headers: contentType === undefined ? {} : { "content-type": contentType },
  } as unknown as FastifyRequest;
}

async function rejection(promise: Promise<unknown>): Promise<KitError & { statusCode?: number }> {
  try {
    await promise;
  } catch (err) {
    if (isKitError(err)) return err;
    throw err;
  }
  throw new Error("expected a rejection");
}

describe("decodeJSONRequest", () => {
  const ctx = background();

  it("parses a raw Buffer body", async () => {
    const decode = decodeJSONRequest();
    await expect(decode(ctx, request(Buffer.from('{"a":1}'), "application/json"))).resolves.toEqual(
      {
        a: 1,
      },
    );
  });

  it("takes a body fastify already parsed as is", async () => {
    const parsed = { a: 1 };
    await expect(decodeJSONRequest()(ctx, request(parsed, "application/json"))).resolves.toBe(
      parsed,
    );
  });

  it("accepts a missing content type by default but not with requireContentType json", async () => {
    await expect(decodeJSONRequest()(ctx, request("1"))).resolves.toBe(1);
    const err = await rejection(
      decodeJSONRequest({ requireContentType: "json" })(ctx, request("1")),
    );
    expect(err.statusCode).toBe(415);
    expect(err.code).toBe("invalid_argument");
    expect(err.message).toBe(
      "unsupported media type: expected application/json, got a missing content type",
    );
  });

  it("accepts any content type with requireContentType any", async () => {
    await expect(
      decodeJSONRequest({ requireContentType: "any" })(ctx, request("[1]", "text/plain")),
    ).resolves.toEqual([1]);
  });

  it("reads content types case-insensitively, with parameters", async () => {
    await expect(
      decodeJSONRequest()(ctx, request("true", "Application/JSON; charset=UTF-8")),
    ).resolves.toBe(true);
  });

  it("treats an empty raw body as missing", async () => {
    const err = await rejection(
      decodeJSONRequest()(ctx, request(Buffer.alloc(0), "application/json")),
    );
    expect(err.message).toBe("missing request body: expected a JSON value");
  });

  it("uses a custom parser, so int64 values survive as bigint", async () => {
    const parse = (text: string) =>
      JSON.parse(text.replace(/:\s*(-?\d{16,})/g, ':"$1n"'), (_k, v) =>
        typeof v === "string" && /^-?\d+n$/.test(v) ? BigInt(v.slice(0, -1)) : v,
      );
    const decode = decodeJSONRequest<{ a: bigint }>({ parse });
    const req = await decode(ctx, request('{"a":9007199254740993}', "application/json"));
    expect(req.a).toBe(9007199254740993n);
  });

  it("turns a parser's failure into invalid_argument with its message", async () => {
    const decode = decodeJSONRequest({
      parse: () => {
        throw new SyntaxError("no digits here");
      },
    });
    const err = await rejection(decode(ctx, request("{}", "application/json")));
    expect(err.code).toBe("invalid_argument");
    expect(err.message).toBe("malformed JSON in request body: no digits here");
  });

  it("types the result as the schema's output and lists issues in details", async () => {
    const decode = decodeJSONRequest({ schema: z.object({ n: z.coerce.number() }) });
    const ok: { n: number } = await decode(ctx, request('{"n":"7"}', "application/json"));
    expect(ok).toEqual({ n: 7 });
    const err = await rejection(decode(ctx, request('{"n":"x"}', "application/json")));
    expect(err.code).toBe("invalid_argument");
    expect(err.details).toEqual({ issues: [{ path: "n", message: expect.any(String) }] });
  });

  it("refuses bad options at construction", () => {
    expect(() => decodeJSONRequest({ parse: 1 as never })).toThrow(
      "decodeJSONRequest: parse must be a function",
    );
    expect(() => decodeJSONRequest({ schema: {} as never })).toThrow(
      "decodeJSONRequest: schema must be a Standard Schema",
    );
    expect(() => decodeJSONRequest({ requireContentType: "xml" as never })).toThrow(
      'decodeJSONRequest: requireContentType must be one of "json-or-missing", "json", "any", got "xml"',
    );
  });
});

describe("encodeJSONResponse and jsonResponseEncoder", () => {
  let app: FastifyInstance;
  let base: string;

  async function serve(endpoint: Endpoint<unknown, unknown>, encode = encodeJSONResponse) {
    app = fastify();
    await app.register(httpTransport, {
      routes: [
        { method: "POST", url: "/x", handler: createServer(endpoint, decodeJSONRequest(), encode) },
      ],
    });
    base = await listen(app);
  }

  afterEach(async () => {
    await app?.close();
  });

  it("answers a Failer's business error through the error encoder, as go-kit addsvc does", async () => {
    const res: { v: number } & Failer = {
      v: 0,
      failed: () => new KitError("invalid_argument", "can't sum two zeroes"),
    };
    await serve(async () => res);
    const answer = await post(`${base}/x`, "{}");
    expect(answer.status).toBe(400);
    expect(answer.json).toEqual({ error: "can't sum two zeroes" });
  });

  it("answers a Failer without an error as the JSON response", async () => {
    await serve(async () => ({ v: 3, failed: () => undefined }));
    const answer = await post(`${base}/x`, "{}");
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ v: 3 });
  });

  it("writes null for an undefined response", async () => {
    await serve(async () => undefined);
    expect((await post(`${base}/x`, "{}")).text).toBe("null");
  });

  it("sends bigints with a custom stringify", async () => {
    const stringify = (value: unknown) =>
      JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? `${v}#` : v)).replace(
        /"(-?\d+)#"/g,
        "$1",
      );
    await serve(async () => ({ v: 9007199254740993n }), jsonResponseEncoder({ stringify }));
    expect((await post(`${base}/x`, "{}")).text).toBe('{"v":9007199254740993}');
  });

  it("uses its own errorEncoder for business errors", async () => {
    const encode = jsonResponseEncoder({
      errorEncoder: (_ctx, err, reply) => {
        reply.code(422).send({ problem: (err as Error).message });
      },
    });
    await serve(async () => ({ failed: () => new Error("nope") }), encode);
    const answer = await post(`${base}/x`, "{}");
    expect(answer.status).toBe(422);
    expect(answer.json).toEqual({ problem: "nope" });
  });

  it("refuses bad options at construction", () => {
    expect(() => jsonResponseEncoder({ stringify: "x" as never })).toThrow(
      "jsonResponseEncoder: stringify must be a function",
    );
    expect(() => jsonResponseEncoder(null as never)).toThrow(
      "jsonResponseEncoder: options must be an object",
    );
  });
});
