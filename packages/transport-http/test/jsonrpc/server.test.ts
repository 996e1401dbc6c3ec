import type { Endpoint, Failer } from "@kit/endpoint";
import { incomingMetadata, KitError, schemaDecoder } from "@kit/endpoint";
import type { FastifyInstance } from "fastify";
import fastify from "fastify";
import { z } from "zod";
import type { EndpointCodecMap, JsonRpcServerOptions } from "../../src/jsonrpc/server.js";
import { createJsonRpcServer, endpointCodec } from "../../src/jsonrpc/server.js";
import { httpTransport } from "../../src/plugin.js";
import { deferred, listen, post } from "../support/servers.js";

const sumParams = schemaDecoder(z.object({ a: z.number(), b: z.number() }));
type SumReq = { a: number; b: number };
type SumRes = { v: number } & Failer;
const sum: Endpoint<SumReq, SumRes> = async (_ctx, { a, b }) => {
  const err =
    a === 0 && b === 0 ? new KitError("invalid_argument", "can't sum two zeroes") : undefined;
  return { v: a + b, failed: () => err };
};
const codecs: EndpointCodecMap = {
  sum: endpointCodec(
    sum,
    async (_ctx, p) => sumParams(p),
    async (_ctx, r) => ({ v: r.v }),
  ),
  fail: endpointCodec(
    async (_ctx, kind: string): Promise<null> => {
      if (kind === "kit") throw new KitError("not_found", "no such thing");
      if (kind === "busy") throw new KitError("unavailable", "come back later");
      throw new Error("secret internals");
    },
    async (_ctx, p) => String(p),
    async () => null,
  ),
  big: endpointCodec(
    async (): Promise<bigint> => 1n,
    async () => undefined,
    async (_ctx, r) => r,
  ),
  whoami: endpointCodec(
    async (ctx): Promise<string> => incomingMetadata(ctx).get("x-user") ?? "",
    async () => undefined,
    async (_ctx, r) => r,
  ),
};

describe("createJsonRpcServer", () => {
  let app: FastifyInstance;
  let url: string;

  async function start(options?: JsonRpcServerOptions, map: EndpointCodecMap = codecs) {
    app = fastify();
    await app.register(httpTransport, {
      routes: [{ method: "POST", url: "/rpc", handler: createJsonRpcServer(map, options) }],
    });
    url = `${await listen(app)}/rpc`;
  }

  const rpc = (body: unknown) => post(url, typeof body === "string" ? body : JSON.stringify(body));

  afterEach(async () => {
    await app?.close();
  });

  it("answers a single request with its result and id", async () => {
    await start();
    const res = await rpc({ jsonrpc: "2.0", method: "sum", params: { a: 1, b: 2 }, id: 7 });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(res.json).toEqual({ jsonrpc: "2.0", result: { v: 3 }, id: 7 });
  });

  it("answers a batch member by member, leaving notifications out", async () => {
    await start();
    const res = await rpc([
      { jsonrpc: "2.0", method: "sum", params: { a: 1, b: 2 }, id: "one" },
      { jsonrpc: "2.0", method: "sum", params: { a: 5, b: 5 } },
      1,
      { jsonrpc: "2.0", method: "nope", id: 3 },
      { jsonrpc: "2.0", method: "sum", params: { a: "x" }, id: 4 },
    ]);
    expect(res.status).toBe(200);
    const answers = res.json as { id: unknown; result?: unknown; error?: { code: number } }[];
    expect(answers).toHaveLength(4);
    expect(answers).toContainEqual({ jsonrpc: "2.0", result: { v: 3 }, id: "one" });
    expect(answers.find((a) => a.id === null)?.error?.code).toBe(-32600);
    expect(answers.find((a) => a.id === 3)?.error?.code).toBe(-32601);
    expect(answers.find((a) => a.id === 4)?.error?.code).toBe(-32602);
  });

  it("runs a notification and answers 204 with no body", async () => {
    const called = deferred<SumReq>();
    await start(undefined, {
      note: endpointCodec(
        async (_ctx, req: SumReq) => called.resolve(req),
        async (_ctx, p) => p as SumReq,
        async () => null,
      ),
    });
    const res = await rpc({ jsonrpc: "2.0", method: "note", params: { a: 1, b: 1 } });
    expect(res.status).toBe(204);
    expect(res.text).toBe("");
    expect(await called.promise).toEqual({ a: 1, b: 1 });
  });

  it("answers a batch of only notifications with 204, even when they fail", async () => {
    const handled = jest.fn();
    await start({ errorHandler: handled });
    const res = await rpc([
      { jsonrpc: "2.0", method: "sum", params: { a: 1, b: 1 } },
      { jsonrpc: "2.0", method: "nope" },
    ]);
    expect(res.status).toBe(204);
    expect(res.text).toBe("");
    expect(handled).toHaveBeenCalledTimes(1);
  });

  it("answers -32700 with id null for malformed JSON, with HTTP 200", async () => {
    await start();
    const res = await rpc('{"jsonrpc":"2.0","method":"sum",');
    expect(res.status).toBe(200);
    const body = res.json as {
      error: { code: number; message: string; data: unknown };
      id: unknown;
    };
    expect(body.id).toBeNull();
    expect(body.error.code).toBe(-32700);
    expect(body.error.message).toMatch(/^parse error: /);
    expect(body.error.data).toEqual({ code: "invalid_argument" });
  });

  it("answers -32700 for an empty body", async () => {
    await start();
    const res = await rpc("");
    expect((res.json as { error: { code: number } }).error.code).toBe(-32700);
  });

  it.each([
    ["an empty batch", [], null, "invalid request: empty batch"],
    [
      "a bad version",
      { jsonrpc: "1.0", method: "sum", id: 1 },
      1,
      'invalid request: "jsonrpc" must be "2.0"',
    ],
    ["a missing version", { method: "sum", id: 1 }, 1, 'invalid request: "jsonrpc" must be "2.0"'],
    [
      "a method that is not a string",
      { jsonrpc: "2.0", method: 1, id: "a" },
      "a",
      'invalid request: "method" must be a string',
    ],
    [
      "an id that is an object",
      { jsonrpc: "2.0", method: "sum", id: {} },
      null,
      'invalid request: "id" must be a string, a number or null',
    ],
    ["a request that is not an object", "3", null, "invalid request: a request must be an object"],
  ])("answers -32600 for %s, echoing the id it could read", async (_what, body, id, message) => {
    await start();
    const res = await rpc(body);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      jsonrpc: "2.0",
      error: { code: -32600, message, data: { code: "invalid_argument" } },
      id,
    });
  });

  it("answers -32601 for an unknown method", async () => {
    await start();
    const res = await rpc({ jsonrpc: "2.0", method: "divide", id: 1 });
    expect(res.json).toEqual({
      jsonrpc: "2.0",
      error: { code: -32601, message: "method not found: divide", data: { code: "unimplemented" } },
      id: 1,
    });
  });

  it("answers -32602 with the schema's issues when the params decoder rejects them", async () => {
    await start();
    const res = await rpc({ jsonrpc: "2.0", method: "sum", params: { a: "x", b: 1 }, id: 2 });
    const { error, id } = res.json as {
      error: { code: number; message: string; data: { code: string; details: unknown } };
      id: number;
    };
    expect(id).toBe(2);
    expect(error.code).toBe(-32602);
    expect(error.message).toMatch(/^invalid request: a: /);
    expect(error.data.code).toBe("invalid_argument");
    expect(error.data.details).toEqual({ issues: [{ path: "a", message: expect.any(String) }] });
  });

  it("answers -32603 with a generic message for a plain Error", async () => {
    await start();
    const res = await rpc({ jsonrpc: "2.0", method: "fail", params: "plain", id: 1 });
    expect(res.json).toEqual({
      jsonrpc: "2.0",
      error: { code: -32603, message: "internal error", data: { code: "internal" } },
      id: 1,
    });
    expect(res.text).not.toContain("secret");
  });

  it("maps KitError codes through the code table and echoes a string id", async () => {
    await start();
    const res = await rpc([
      { jsonrpc: "2.0", method: "fail", params: "kit", id: "k" },
      { jsonrpc: "2.0", method: "fail", params: "busy", id: "b" },
    ]);
    expect(res.json).toEqual([
      {
        jsonrpc: "2.0",
        error: { code: -32005, message: "no such thing", data: { code: "not_found" } },
        id: "k",
      },
      {
        jsonrpc: "2.0",
        error: { code: -32014, message: "come back later", data: { code: "unavailable" } },
        id: "b",
      },
    ]);
  });

  it('accepts go-kit 0.10\'s client quirks: "jsonrpc": "" and id 0', async () => {
    await start();
    const res = await rpc({ jsonrpc: "", method: "sum", params: { a: 2, b: 3 }, id: 0 });
    expect(res.json).toEqual({ jsonrpc: "2.0", result: { v: 5 }, id: 0 });
  });

  it("answers a null id with a null id", async () => {
    await start();
    const res = await rpc({ jsonrpc: "2.0", method: "sum", params: { a: 2, b: 3 }, id: null });
    expect(res.json).toEqual({ jsonrpc: "2.0", result: { v: 5 }, id: null });
  });

  it("turns a Failer's business error into an error object", async () => {
    await start();
    const res = await rpc({ jsonrpc: "2.0", method: "sum", params: { a: 0, b: 0 }, id: 9 });
    expect(res.json).toEqual({
      jsonrpc: "2.0",
      error: { code: -32602, message: "can't sum two zeroes", data: { code: "invalid_argument" } },
      id: 9,
    });
  });

  it("fails only the member whose result does not serialise", async () => {
    await start();
    const res = await rpc([
      { jsonrpc: "2.0", method: "big", id: 1 },
      { jsonrpc: "2.0", method: "sum", params: { a: 1, b: 1 }, id: 2 },
    ]);
    expect(res.json).toEqual([
      {
        jsonrpc: "2.0",
        error: { code: -32603, message: "internal error", data: { code: "internal" } },
        id: 1,
      },
      { jsonrpc: "2.0", result: { v: 2 }, id: 2 },
    ]);
  });

  it("sends bigint results and echoes bigint ids with a custom parse and stringify", async () => {
    const stringify = (v: unknown) =>
      JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? `${x}#` : x)).replace(
        /"(\d+)#"/g,
        "$1",
      );
    const parse = (text: string) =>
      JSON.parse(text.replace(/:(\d+)/g, ':"$1#"'), (_k, x) =>
        typeof x === "string" && x.endsWith("#") ? BigInt(x.slice(0, -1)) : x,
      );
    await start({ stringify, parse });
    const res = await rpc('{"jsonrpc":"2.0","method":"big","id":12}');
    expect(res.text).toBe('{"jsonrpc":"2.0","result":1,"id":12}');
  });

  it("hands every failed call to errorHandler, and runs before hooks with the headers", async () => {
    const handled: unknown[] = [];
    await start({
      errorHandler: (_ctx, err) => handled.push(err),
      before: [(ctx) => ctx],
    });
    const res = await post(
      url,
      JSON.stringify([
        { jsonrpc: "2.0", method: "whoami", id: 1 },
        { jsonrpc: "2.0", method: "fail", params: "kit", id: 2 },
      ]),
      { "content-type": "application/json", "x-user": "ann" },
    );
    expect((res.json as unknown[])[0]).toEqual({ jsonrpc: "2.0", result: "ann", id: 1 });
    expect(handled).toHaveLength(1);
    expect((handled[0] as KitError).code).toBe("not_found");
  });

  it("answers a failing before hook as a JSON-RPC error with HTTP 200", async () => {
    await start({
      before: [
        () => {
          throw new KitError("unauthenticated", "who are you?");
        },
      ],
    });
    const res = await rpc({ jsonrpc: "2.0", method: "sum", params: { a: 1, b: 1 }, id: 1 });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      jsonrpc: "2.0",
      error: { code: -32016, message: "who are you?", data: { code: "unauthenticated" } },
      id: null,
    });
  });

  it("works with fastify's own JSON parser, without the plugin", async () => {
    app = fastify();
    app.post("/rpc", createJsonRpcServer(codecs));
    url = `${await listen(app)}/rpc`;
    const res = await rpc({ jsonrpc: "2.0", method: "sum", params: { a: 1, b: 2 }, id: 1 });
    expect(res.json).toEqual({ jsonrpc: "2.0", result: { v: 3 }, id: 1 });
  });

  it("refuses bad codecs and options at construction", () => {
    expect(() => createJsonRpcServer({ sum: { endpoint: sum } as never })).toThrow(
      "createJsonRpcServer: codecs.sum.decode must be a function",
    );
    expect(() => createJsonRpcServer(codecs, { parse: 1 as never })).toThrow(
      "createJsonRpcServer: parse must be a function",
    );
    expect(() => createJsonRpcServer(null as never)).toThrow(
      "createJsonRpcServer: codecs must be an object",
    );
    expect(() => createJsonRpcServer(codecs, [] as never)).toThrow(
      "createJsonRpcServer: options must be an object",
    );
    expect(() => endpointCodec(sum, 1 as never, async () => null)).toThrow(
      "endpointCodec: decode must be a function",
    );
  });
});
