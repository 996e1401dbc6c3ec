import { request as httpRequest } from "node:http";
import type { Endpoint } from "@kit/endpoint";
import type { FastifyInstance } from "fastify";
import fastify from "fastify";
import { z } from "zod";
import { decodeJSONRequest, encodeJSONResponse } from "../src/json-server.js";
import type { HttpTransportOptions } from "../src/plugin.js";
import { defaultBodyLimit, httpTransport } from "../src/plugin.js";
import { createServer } from "../src/server.js";
import { listen, post } from "./support/servers.js";

const sumRequest = z.object({ a: z.number(), b: z.number() });
const sum: Endpoint<z.infer<typeof sumRequest>, { v: number }> = async (_ctx, { a, b }) => ({
  v: a + b,
});
const sumHandler = createServer(sum, decodeJSONRequest({ schema: sumRequest }), encodeJSONResponse);

/** POSTs with node:http, chunked and without any content-type, as go-kit's Go client does. */
function postChunkedWithoutContentType(
  url: string,
  chunks: string[],
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: "POST", agent: false }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (d: string) => (body += d));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    for (const chunk of chunks) req.write(chunk);
    req.end();
  });
}

describe("httpTransport", () => {
  let app: FastifyInstance;
  let base: string;

  async function start(options: Partial<HttpTransportOptions> = {}) {
    app = fastify();
    await app.register(httpTransport, {
      routes: [{ method: "POST", url: "/sum", handler: sumHandler }],
      ...options,
    });
    base = await listen(app);
  }

  /** The server still answers a valid request correctly. */
  async function expectStillServing() {
    const res = await post(`${base}/sum`, '{"a":20,"b":22}');
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ v: 42 });
  }

  afterEach(async () => {
    await app?.close();
  });

  it("answers 400 with the parser's message for malformed JSON, then keeps serving", async () => {
    await start();
    const res = await post(`${base}/sum`, '{"a":1,');
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect((res.json as { error: string }).error).toMatch(/^malformed JSON in request body: /);
    await expectStillServing();
  });

  it("answers 400 naming each path a zod schema rejects, then keeps serving", async () => {
    await start();
    const res = await post(`${base}/sum`, '{"a":"x"}');
    expect(res.status).toBe(400);
    const { error } = res.json as { error: string };
    expect(error).toMatch(/^invalid request: /);
    expect(error).toContain("a: ");
    expect(error).toContain("b: ");
    await expectStillServing();
  });

  it("answers 400 for a missing body, then keeps serving", async () => {
    await start();
    const res = await post(`${base}/sum`, undefined);
    expect(res.status).toBe(400);
    expect(res.json).toEqual({ error: "missing request body: expected a JSON value" });
    await expectStillServing();
  });

  it("answers 415 for a content type that is not JSON, then keeps serving", async () => {
    await start();
    const res = await post(`${base}/sum`, "a=1&b=2", {
      "content-type": "application/x-www-form-urlencoded",
    });
    expect(res.status).toBe(415);
    expect(res.json).toEqual({
      error:
        'unsupported media type: expected application/json, got "application/x-www-form-urlencoded"',
    });
    await expectStillServing();
  });

  it("answers 415 as JSON for a content type fastify cannot read", async () => {
    await start();
    const res = await post(`${base}/sum`, "{}", { "content-type": "/;;" });
    expect(res.status).toBe(415);
    expect(typeof (res.json as { error: unknown }).error).toBe("string");
    await expectStillServing();
  });

  it("answers 413 as JSON for a body over the limit, then keeps serving", async () => {
    await start({ bodyLimit: 32 });
    const res = await post(`${base}/sum`, JSON.stringify({ a: 1, b: 2, pad: "x".repeat(64) }));
    expect(res.status).toBe(413);
    expect(res.json).toEqual({ error: "Request body is too large" });
    await expectStillServing();
  });

  it("answers 404 as JSON for an unknown route, then keeps serving", async () => {
    await start();
    const res = await post(`${base}/nope?x=1`, "{}");
    expect(res.status).toBe(404);
    expect(res.json).toEqual({ error: "no route for POST /nope" });
    await expectStillServing();
  });

  it("accepts a chunked body with no content-type, as go-kit's Go client sends", async () => {
    await start();
    const res = await postChunkedWithoutContentType(`${base}/sum`, ['{"a":1,', '"b":2}']);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ v: 3 });
  });

  it("accepts +json content types", async () => {
    await start();
    const res = await post(`${base}/sum`, '{"a":1,"b":1}', {
      "content-type": "application/vnd.kit+json; charset=utf-8",
    });
    expect(res.status).toBe(200);
  });

  it("mounts several routes and lets a route keep its own bodyLimit", async () => {
    await start({
      bodyLimit: 16,
      routes: [
        { method: "POST", url: "/sum", handler: sumHandler, bodyLimit: 1024 },
        { method: ["GET", "POST"], url: "/health", handler: async () => ({ ok: true }) },
      ],
    });
    expect((await post(`${base}/sum`, '{"a":1,"b":2,"c":"padding"}')).status).toBe(200);
    const health = await fetch(`${base}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true });
  });

  it("stays inside its scope: the app's other routes keep fastify's JSON parser", async () => {
    app = fastify();
    app.post("/echo", async (request) => ({ type: typeof request.body }));
    await app.register(httpTransport, {
      routes: [{ method: "POST", url: "/sum", handler: sumHandler }],
    });
    base = await listen(app);
    expect((await post(`${base}/echo`, '{"a":1}')).json).toEqual({ type: "object" });
    await expectStillServing();
  });

  it("mounts under fastify's register prefix", async () => {
    app = fastify();
    await app.register(httpTransport, {
      prefix: "/v1",
      routes: [{ method: "POST", url: "/sum", handler: sumHandler }],
    });
    base = await listen(app);
    expect((await post(`${base}/v1/sum`, '{"a":1,"b":2}')).json).toEqual({ v: 3 });
    const res = await post(`${base}/v1/other`, "{}");
    expect(res.status).toBe(404);
    expect(res.json).toEqual({ error: "no route for POST /v1/other" });
  });

  it("can be registered twice without a prefix, keeping the first not-found handler", async () => {
    app = fastify();
    await app.register(httpTransport, {
      routes: [{ method: "POST", url: "/sum", handler: sumHandler }],
    });
    await app.register(httpTransport, {
      routes: [{ method: "POST", url: "/add", handler: sumHandler }],
    });
    base = await listen(app);
    expect((await post(`${base}/add`, '{"a":1,"b":2}')).json).toEqual({ v: 3 });
    expect((await post(`${base}/nope`, "{}")).status).toBe(404);
  });

  it("answers errors thrown by plain handlers in its scope as JSON", async () => {
    await start({
      routes: [
        {
          method: "GET",
          url: "/boom",
          handler: async () => {
            throw new Error("secret");
          },
        },
      ],
    });
    const res = await fetch(`${base}/boom`);
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ error: "internal error" });
  });

  it("defaults the body limit to 1 MiB", async () => {
    expect(defaultBodyLimit).toBe(1024 * 1024);
    await start();
    const big = JSON.stringify({ a: 1, b: 2, pad: "x".repeat(defaultBodyLimit) });
    expect((await post(`${base}/sum`, big)).status).toBe(413);
  });

  it.each([
    [{ routes: "no" }, "httpTransport: routes must be an array"],
    [{ routes: [], bodyLimit: 0 }, "httpTransport: bodyLimit must be a positive integer, got 0"],
    [
      { routes: [{ method: "GET", url: "/x" }] },
      "httpTransport: route /x needs a handler function",
    ],
    [{ routes: [{ url: "/x", handler: () => {} }] }, "httpTransport: route /x needs a method"],
  ])("refuses bad options %j when registered", async (options, message) => {
    app = fastify();
    await expect(
      app.register(httpTransport, options as unknown as HttpTransportOptions),
    ).rejects.toThrow(message);
  });
});
