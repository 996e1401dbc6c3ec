import { getEventListeners } from "node:events";
import type { IncomingHttpHeaders, Server, ServerResponse } from "node:http";
import { createServer as createHttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Context, Endpoint } from "@kit/endpoint";
import {
  appendOutgoingMetadata,
  background,
  createKey,
  incomingMetadata,
  isKitError,
  KitError,
  withCancel,
  withTimeout,
  withValue,
} from "@kit/endpoint";
import type { FastifyInstance } from "fastify";
import fastify from "fastify";
import { Agent } from "undici";
import { z } from "zod";
import type { ClientEndpoint, ClientOptions, ClientSummary } from "../src/client.js";
import { createClient } from "../src/client.js";
import { decodeJSONResponse, encodeJSONRequest } from "../src/json-client.js";
import { decodeJSONRequest, encodeJSONResponse } from "../src/json-server.js";
import { httpTransport } from "../src/plugin.js";
import { createServer } from "../src/server.js";
import type { Deferred } from "./support/servers.js";
import { deferred, listen } from "./support/servers.js";

interface Seen {
  method: string | undefined;
  url: string | undefined;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A plain node:http server (no kit code): records each request, answers with `answer`. */
async function plainServer(
  answer: (seen: Seen, res: ServerResponse) => void,
): Promise<{ server: Server; url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = createHttpServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (d: string) => (body += d));
    req.on("end", () => {
      const s = { method: req.method, url: req.url, headers: req.headers, body };
      seen.push(s);
      answer(s, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}`, seen };
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

async function rejection(promise: Promise<unknown>): Promise<KitError> {
  try {
    await promise;
  } catch (err) {
    if (isKitError(err)) return err;
    throw err;
  }
  throw new Error("expected a rejection");
}

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
};

describe("createClient", () => {
  const clients: ClientEndpoint<never, unknown>[] = [];
  const servers: Server[] = [];
  let app: FastifyInstance | undefined;

  function client<Req, Res>(c: ClientEndpoint<Req, Res>): ClientEndpoint<Req, Res> {
    clients.push(c as unknown as ClientEndpoint<never, unknown>);
    return c;
  }

  async function plain(answer: (seen: Seen, res: ServerResponse) => void) {
    const p = await plainServer(answer);
    servers.push(p.server);
    return p;
  }

  afterEach(async () => {
    for (const c of clients.splice(0)) await c.close();
    for (const s of servers.splice(0)) await closeServer(s);
    await app?.close();
    app = undefined;
  });

  describe("with a kit server", () => {
    const sumRequest = z.object({ a: z.number(), b: z.number() });
    const sumReply = z.object({ v: z.number() });
    const sum: Endpoint<z.infer<typeof sumRequest>, { v: number }> = async (ctx, { a, b }) => {
      if (a === 0 && b === 0) throw new KitError("invalid_argument", "can't sum two zeroes");
      if (a < 0) throw new KitError("unavailable", "negative numbers are resting");
      if (incomingMetadata(ctx).get("x-missing") === "yes")
        throw new KitError("not_found", "no such sum");
      return { v: a + b };
    };

    async function kitServer(): Promise<string> {
      app = fastify();
      await app.register(httpTransport, {
        routes: [
          {
            method: "POST",
            url: "/sum",
            handler: createServer(
              sum,
              decodeJSONRequest({ schema: sumRequest }),
              encodeJSONResponse,
            ),
          },
        ],
      });
      return listen(app);
    }

    it("round-trips a request and a typed response", async () => {
      const base = await kitServer();
      const call = client(
        createClient(
          "POST",
          `${base}/sum`,
          encodeJSONRequest,
          decodeJSONResponse({ schema: sumReply }),
        ),
      );
      const res: { v: number } = await call(background(), { a: 1, b: 2 });
      expect(res).toEqual({ v: 3 });
    });

    it("maps a 400 to invalid_argument with the server's message", async () => {
      const base = await kitServer();
      const call = client(
        createClient("POST", `${base}/sum`, encodeJSONRequest, decodeJSONResponse()),
      );
      const err = await rejection(call(background(), { a: 0, b: 0 }));
      expect(err.code).toBe("invalid_argument");
      expect(err.message).toBe("can't sum two zeroes");
      expect(err.details).toEqual({ httpStatus: 400 });
    });

    it("maps a 404 to not_found and a 503 to unavailable, with the server's messages", async () => {
      const base = await kitServer();
      const call = client(
        createClient("POST", `${base}/sum`, encodeJSONRequest, decodeJSONResponse()),
      );
      const missing = await rejection(
        call(appendOutgoingMetadata(background(), { "x-missing": "yes" }), { a: 1, b: 1 }),
      );
      expect([missing.code, missing.message]).toEqual(["not_found", "no such sum"]);
      const resting = await rejection(call(background(), { a: -1, b: 1 }));
      expect([resting.code, resting.message]).toEqual([
        "unavailable",
        "negative numbers are resting",
      ]);
    });

    it("maps an unknown route to not_found with the plugin's message", async () => {
      const base = await kitServer();
      const call = client(
        createClient("POST", `${base}/nope`, encodeJSONRequest, decodeJSONResponse()),
      );
      const err = await rejection(call(background(), {}));
      expect([err.code, err.message]).toEqual(["not_found", "no route for POST /nope"]);
    });
  });

  describe("with a plain server", () => {
    it("sends the method, path, JSON body and content type any HTTP server understands", async () => {
      const { url, seen } = await plain((_s, res) => json(res, 200, { v: 3 }));
      const call = client(
        createClient("PUT", `${url}/v1/sum?x=1`, encodeJSONRequest, decodeJSONResponse()),
      );
      await expect(call(background(), { a: 1, b: 2 })).resolves.toEqual({ v: 3 });
      expect(seen).toHaveLength(1);
      expect(seen[0]).toMatchObject({
        method: "PUT",
        url: "/v1/sum?x=1",
        body: '{"a":1,"b":2}',
      });
      expect(seen[0]?.headers["content-type"]).toBe("application/json; charset=utf-8");
    });

    it("writes outgoing metadata as request headers, multi-valued ones repeated", async () => {
      const { url, seen } = await plain((_s, res) => json(res, 200, {}));
      const call = client(createClient("POST", url, encodeJSONRequest, decodeJSONResponse()));
      const ctx = appendOutgoingMetadata(background(), {
        traceparent: "00-abc-def-01",
        "x-tag": ["a", "b"],
      });
      await call(ctx, {});
      expect(seen[0]?.headers.traceparent).toBe("00-abc-def-01");
      expect(seen[0]?.headers["x-tag"]).toBe("a, b");
    });

    it("layers static headers, metadata, the encoder's headers and before hooks, in that order", async () => {
      const { url, seen } = await plain((_s, res) => json(res, 200, {}));
      const call = client(
        createClient(
          "POST",
          url,
          async () => ({ body: "{}", headers: { "X-B": "encoder", "X-C": "encoder" } }),
          decodeJSONResponse(),
          {
            headers: { "X-A": "static", "X-B": "static", "X-D": "static" },
            before: [
              (ctx, headers) => {
                headers["x-c"] = "before";
                return ctx;
              },
            ],
          },
        ),
      );
      await call(appendOutgoingMetadata(background(), { "x-a": "metadata" }), {});
      const h = seen[0]?.headers;
      expect([h?.["x-a"], h?.["x-b"], h?.["x-c"], h?.["x-d"]]).toEqual([
        "metadata",
        "encoder",
        "before",
        "static",
      ]);
    });

    it("lets the encoder choose the path for a call", async () => {
      const { url, seen } = await plain((_s, res) => json(res, 200, { name: "ann" }));
      const getUser = client(
        createClient(
          "GET",
          `${url}/users`,
          async (_ctx, id: string) => ({ path: `/users/${encodeURIComponent(id)}` }),
          decodeJSONResponse<{ name: string }>(),
        ),
      );
      await expect(getUser(background(), "a b")).resolves.toEqual({ name: "ann" });
      expect(seen[0]?.url).toBe("/users/a%20b");
      expect(seen[0]?.method).toBe("GET");
    });

    it("reads the message of fastify's default error body", async () => {
      app = fastify();
      const base = await listen(app);
      const call = client(
        createClient("POST", `${base}/missing`, encodeJSONRequest, decodeJSONResponse()),
      );
      const err = await rejection(call(background(), {}));
      expect(err.code).toBe("not_found");
      expect(err.message).toBe("Route POST:/missing not found");
    });

    it("reports a generic message for a non-JSON error body", async () => {
      const { url } = await plain((_s, res) => {
        res.writeHead(502, { "content-type": "text/html" }).end("<h1>bad gateway</h1>");
      });
      const call = client(createClient("POST", url, encodeJSONRequest, decodeJSONResponse()));
      const err = await rejection(call(background(), {}));
      expect([err.code, err.message]).toEqual(["unavailable", "unexpected HTTP status 502"]);
    });

    it("runs after hooks on every response and finalizers once per call", async () => {
      const { url } = await plain((s, res) => json(res, s.body === "1" ? 200 : 429, {}));
      const events: string[] = [];
      const summaries: ClientSummary[] = [];
      const call = client(
        createClient(
          "POST",
          url,
          async (_ctx, n: number) => ({ body: String(n) }),
          decodeJSONResponse(),
          {
            after: [
              (ctx, res) => {
                events.push(`after ${res.status}`);
                return ctx;
              },
            ],
            finalizer: [(_ctx, s) => summaries.push(s)],
          },
        ),
      );
      await call(background(), 1);
      await rejection(call(background(), 2));
      expect(events).toEqual(["after 200", "after 429"]);
      expect(summaries.map((s) => s.status)).toEqual([200, 429]);
      expect(summaries[0]?.error).toBeUndefined();
      expect(isKitError(summaries[1]?.error) && summaries[1].error.code).toBe("resource_exhausted");
    });

    it("passes the contexts the hooks return on to the decoder and the finalizers", async () => {
      const { url } = await plain((_s, res) => json(res, 200, {}));
      const key = createKey<string>("k");
      const seen = deferred<string[]>();
      const call = client(
        createClient("POST", url, encodeJSONRequest, async (ctx: Context) => ctx.value(key) ?? "", {
          before: [(ctx) => withValue(ctx, key, "before")],
          after: [(ctx) => withValue(ctx, key, `${ctx.value(key)}+after`)],
          finalizer: [(ctx) => seen.resolve([ctx.value(key) ?? ""])],
        }),
      );
      await expect(call(background(), {})).resolves.toBe("before+after");
      expect(await seen.promise).toEqual(["before+after"]);
    });

    it("uses a custom errorDecoder for non-2xx answers", async () => {
      const { url } = await plain((_s, res) => json(res, 418, { teapot: true }));
      const call = client(
        createClient("POST", url, encodeJSONRequest, decodeJSONResponse(), {
          errorDecoder: (_ctx, res) =>
            new KitError("failed_precondition", `teapot ${res.body.toString()}`),
        }),
      );
      const err = await rejection(call(background(), {}));
      expect([err.code, err.message]).toEqual(["failed_precondition", 'teapot {"teapot":true}']);
    });
  });

  describe("cancellation", () => {
    /** A server that never answers until the test ends; resolves `arrived` per request. */
    async function stalling(): Promise<{
      url: string;
      arrived: Deferred<void>;
      count: () => number;
    }> {
      const arrived = deferred();
      const { url, seen } = await plain(() => arrived.resolve());
      return { url, arrived, count: () => seen.length };
    }

    it("rejects with canceled when the context is cancelled mid-call", async () => {
      const { url, arrived } = await stalling();
      const call = client(createClient("POST", url, encodeJSONRequest, decodeJSONResponse()));
      const [ctx, cancel] = withCancel(background());
      const pending = rejection(call(ctx, {}));
      await arrived.promise;
      cancel();
      const err = await pending;
      expect(err.code).toBe("canceled");
    });

    it("rejects with deadline_exceeded when the context's deadline passes", async () => {
      const { url } = await stalling();
      const call = client(createClient("POST", url, encodeJSONRequest, decodeJSONResponse()));
      const [ctx, cancel] = withTimeout(background(), 20);
      const err = await rejection(call(ctx, {}));
      cancel();
      expect(err.code).toBe("deadline_exceeded");
    });

    /** A server that holds every request; `arrived` resolves once `n` are held. */
    async function gathering(
      n: number,
    ): Promise<{ url: string; arrived: Deferred<void>; held: ServerResponse[] }> {
      const arrived = deferred();
      const held: ServerResponse[] = [];
      const { url } = await plain((_s, res) => {
        held.push(res);
        if (held.length === n) arrived.resolve();
      });
      return { url, arrived, held };
    }

    it("adds no abort listener to a context's signal however many calls are in flight", async () => {
      const n = 20;
      const { url, arrived, held } = await gathering(n);
      const call = client(createClient("POST", url, encodeJSONRequest, decodeJSONResponse()));
      const warnings: Error[] = [];
      const onWarning = (w: Error) => warnings.push(w);
      process.on("warning", onWarning);
      try {
        const ctx = background();
        const calls = Array.from({ length: n }, () => call(ctx, {}));
        await arrived.promise;
        expect(getEventListeners(ctx.signal, "abort")).toHaveLength(0);
        for (const res of held) json(res, 200, { ok: true });
        await expect(Promise.all(calls)).resolves.toHaveLength(n);
        expect(getEventListeners(ctx.signal, "abort")).toHaveLength(0);
        await new Promise((resolve) => setImmediate(resolve));
        expect(warnings.filter((w) => w.name === "MaxListenersExceededWarning")).toEqual([]);
      } finally {
        process.off("warning", onWarning);
      }
    });

    it("cancels every call in flight on a context when it is cancelled", async () => {
      const n = 20;
      const { url, arrived } = await gathering(n);
      const call = client(createClient("POST", url, encodeJSONRequest, decodeJSONResponse()));
      const [ctx, cancel] = withCancel(background());
      const calls = Array.from({ length: n }, () => rejection(call(ctx, {})));
      await arrived.promise;
      expect(getEventListeners(ctx.signal, "abort")).toHaveLength(0);
      cancel();
      const errors = await Promise.all(calls);
      expect(errors.map((e) => e.code)).toEqual(Array(n).fill("canceled"));
      expect(getEventListeners(ctx.signal, "abort")).toHaveLength(0);
    });

    it("does not send anything when the context has already ended", async () => {
      const { url, seen } = await plain((_s, res) => json(res, 200, {}));
      const encode = jest.fn(encodeJSONRequest);
      const call = client(createClient("POST", url, encode, decodeJSONResponse()));
      const [ctx, cancel] = withCancel(background());
      cancel();
      const err = await rejection(call(ctx, {}));
      expect(err.code).toBe("canceled");
      expect(encode).not.toHaveBeenCalled();
      await expect(call(background(), {})).resolves.toEqual({});
      expect(seen).toHaveLength(1);
    });
  });

  describe("network failures", () => {
    it("reports a refused connection as unavailable, with the cause kept", async () => {
      const { server, url } = await plainServer(() => {});
      await closeServer(server); // the port is now free: connecting is refused
      const call = client(createClient("POST", url, encodeJSONRequest, decodeJSONResponse()));
      const err = await rejection(call(background(), {}));
      expect(err.code).toBe("unavailable");
      expect(err.message).toBe("request failed: ECONNREFUSED");
      expect((err.cause as { code?: string }).code).toBe("ECONNREFUSED");
    });

    it("reports a connection reset mid-response as unavailable", async () => {
      const { url } = await plain((_s, res) => {
        res.socket?.destroy();
      });
      const call = client(createClient("POST", url, encodeJSONRequest, decodeJSONResponse()));
      const err = await rejection(call(background(), {}));
      expect(err.code).toBe("unavailable");
    });
  });

  describe("dispatchers", () => {
    it("owns a pool by default and closes it once, idempotently", async () => {
      const { url } = await plain((_s, res) => json(res, 200, {}));
      const call = createClient("POST", url, encodeJSONRequest, decodeJSONResponse());
      await call(background(), {});
      const pool = call.dispatcher as unknown as { closed: boolean };
      expect(pool.closed).toBe(false);
      await call.close();
      await call.close();
      expect(pool.closed).toBe(true);
    });

    it("leaves a dispatcher it was given open", async () => {
      const { url } = await plain((_s, res) => json(res, 200, { ok: 1 }));
      const agent = new Agent();
      try {
        const call = createClient("POST", url, encodeJSONRequest, decodeJSONResponse(), {
          dispatcher: agent,
        });
        await expect(call(background(), {})).resolves.toEqual({ ok: 1 });
        await call.close();
        expect(call.dispatcher).toBe(agent);
        expect(agent.closed).toBe(false);
      } finally {
        await agent.close();
      }
    });
  });

  it("refuses bad arguments and options at construction", () => {
    const make = (method: string, url: string, options?: unknown) => () =>
      createClient(method, url, encodeJSONRequest, decodeJSONResponse(), options as ClientOptions);
    expect(make("GET POST", "http://x")).toThrow(
      "createClient: method must be an HTTP method name",
    );
    expect(make("GET", "not a url")).toThrow(
      "createClient: url must be an absolute http(s) URL, got not a url",
    );
    expect(make("GET", "ftp://x")).toThrow("createClient: url must be http: or https:, got ftp:");
    expect(make("GET", "http://x", { before: {} })).toThrow(
      "createClient: before must be an array",
    );
    expect(make("GET", "http://x", { dispatcher: {} })).toThrow(
      "createClient: dispatcher must be an undici Dispatcher",
    );
    expect(make("GET", "http://x", { headers: { a: 1 } })).toThrow(
      "createClient: header a must be a string or an array of strings",
    );
  });
});
