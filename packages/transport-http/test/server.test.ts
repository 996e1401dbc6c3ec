import { request as httpRequest } from "node:http";
import type { Context, Endpoint } from "@kit/endpoint";
import {
  createKey,
  incomingMetadata,
  isKitError,
  KitError,
  withTimeout,
  withValue,
} from "@kit/endpoint";
import type { FastifyInstance } from "fastify";
import fastify from "fastify";
import { decodeJSONRequest, encodeJSONResponse } from "../src/json-server.js";
import { httpTransport } from "../src/plugin.js";
import type { ServerOptions, ServerSummary } from "../src/server.js";
import { createServer } from "../src/server.js";
import { deferred, listen, post } from "./support/servers.js";

interface SumReq {
  a: number;
  b: number;
}
const sum: Endpoint<SumReq, { v: number }> = async (_ctx, { a, b }) => ({ v: a + b });
const decodeSum = decodeJSONRequest<SumReq>();

describe("createServer", () => {
  let app: FastifyInstance;
  let base: string;

  /** Mounts `handler` at POST /x through the plugin and starts listening. */
  async function serve(endpoint: Endpoint<SumReq, unknown>, options?: ServerOptions) {
    app = fastify();
    await app.register(httpTransport, {
      routes: [
        {
          method: "POST",
          url: "/x",
          handler: createServer(endpoint, decodeSum, encodeJSONResponse, options),
        },
      ],
    });
    base = await listen(app);
  }

  afterEach(async () => {
    await app?.close();
  });

  it("answers a plain fetch with the endpoint's response as JSON", async () => {
    await serve(sum);
    const res = await post(`${base}/x`, JSON.stringify({ a: 1, b: 2 }));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(res.json).toEqual({ v: 3 });
  });

  it("works without the plugin, with fastify's own JSON parser", async () => {
    app = fastify();
    app.post("/x", createServer(sum, decodeSum, encodeJSONResponse));
    base = await listen(app);
    const res = await post(`${base}/x`, JSON.stringify({ a: 2, b: 2 }));
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ v: 4 });
  });

  it("runs before hooks, decoder, endpoint, after hooks, encoder, then each finalizer once", async () => {
    const events: string[] = [];
    const note = (label: string) => (ctx: Context) => {
      events.push(label);
      return ctx;
    };
    const finished = deferred<ServerSummary>();
    app = fastify();
    const handler = createServer(
      async (_ctx, req: SumReq) => {
        events.push("endpoint");
        return { v: req.a + req.b };
      },
      async (ctx, request) => {
        events.push("decode");
        return decodeSum(ctx, request);
      },
      async (ctx, reply, res) => {
        events.push("encode");
        return encodeJSONResponse(ctx, reply, res);
      },
      {
        before: [note("before 1"), note("before 2")],
        after: [note("after 1"), note("after 2")],
        finalizer: [
          (_ctx, s) => events.push(`finalizer 1 ${s.status}`),
          (_ctx, s) => {
            events.push(`finalizer 2 ${s.status}`);
            finished.resolve(s);
          },
        ],
      },
    );
    await app.register(httpTransport, { routes: [{ method: "POST", url: "/x", handler }] });
    base = await listen(app);
    await post(`${base}/x`, JSON.stringify({ a: 1, b: 2 }));
    const summary = await finished.promise;
    expect(events).toEqual([
      "before 1",
      "before 2",
      "decode",
      "endpoint",
      "after 1",
      "after 2",
      "encode",
      "finalizer 1 200",
      "finalizer 2 200",
    ]);
    expect(summary.bytes).toBe(Buffer.byteLength('{"v":3}'));
    expect(summary.durationMs).toBeGreaterThanOrEqual(0);
    expect(summary.error).toBeUndefined();
  });

  it("gives before hooks and the endpoint the request headers as incoming metadata", async () => {
    const seen = deferred<[string | undefined, string | undefined]>();
    const tenant = createKey<string>("tenant");
    await serve(
      async (ctx) => {
        seen.resolve([incomingMetadata(ctx).get("X-Request-Id"), ctx.value(tenant)]);
        return {};
      },
      { before: [(ctx) => withValue(ctx, tenant, incomingMetadata(ctx).get("x-tenant") ?? "")] },
    );
    await post(`${base}/x`, "{}", {
      "content-type": "application/json",
      "x-request-id": "r-42",
      "x-tenant": "acme",
    });
    expect(await seen.promise).toEqual(["r-42", "acme"]);
  });

  it("lets after hooks set the status and headers of the answer", async () => {
    await serve(sum, {
      after: [
        (ctx, reply) => {
          reply.code(201).header("x-version", "7");
          return ctx;
        },
      ],
    });
    const res = await post(`${base}/x`, '{"a":1,"b":1}');
    expect(res.status).toBe(201);
    expect(res.headers.get("x-version")).toBe("7");
    expect(res.json).toEqual({ v: 2 });
  });

  it("skips after hooks when the endpoint fails", async () => {
    const after = jest.fn((ctx: Context) => ctx);
    await serve(
      async () => {
        throw new KitError("not_found", "no such sum");
      },
      { after: [after] },
    );
    const res = await post(`${base}/x`, "{}");
    expect(res.status).toBe(404);
    expect(after).not.toHaveBeenCalled();
  });

  it("answers 500 with a generic message for a plain Error, leaking neither message nor stack", async () => {
    await serve(async () => {
      throw new Error("db password is hunter2");
    });
    const res = await post(`${base}/x`, "{}");
    expect(res.status).toBe(500);
    expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(res.json).toEqual({ error: "internal error" });
    expect(res.text).not.toContain("hunter2");
    expect(res.text).not.toContain("at ");
  });

  it.each([
    ["invalid_argument", 400],
    ["unauthenticated", 401],
    ["permission_denied", 403],
    ["not_found", 404],
    ["already_exists", 409],
    ["resource_exhausted", 429],
    ["canceled", 499],
    ["internal", 500],
    ["unimplemented", 501],
    ["unavailable", 503],
    ["deadline_exceeded", 504],
  ] as const)("answers a KitError %s with %i and its message", async (code, status) => {
    await serve(async () => {
      throw new KitError(code, `failed with ${code}`);
    });
    const res = await post(`${base}/x`, "{}");
    expect(res.status).toBe(status);
    expect(res.json).toEqual({ error: `failed with ${code}` });
  });

  it("answers an error's own statusCode with its message and adds its headers()", async () => {
    class Teapot extends Error {
      readonly statusCode = 418;
      headers() {
        return { "retry-after": "3", "x-multi": ["a", "b"] };
      }
    }
    await serve(async () => {
      throw new Teapot("short and stout");
    });
    const res = await post(`${base}/x`, "{}");
    expect(res.status).toBe(418);
    expect(res.headers.get("retry-after")).toBe("3");
    expect(res.headers.get("x-multi")).toBe("a, b");
    expect(res.json).toEqual({ error: "short and stout" });
  });

  it("lets a statusCode win over a KitError's code and reads WHATWG Headers", async () => {
    await serve(async () => {
      throw Object.assign(new KitError("unavailable", "try later"), {
        statusCode: 502,
        headers: () => new Headers({ "retry-after": "9" }),
      });
    });
    const res = await post(`${base}/x`, "{}");
    expect(res.status).toBe(502);
    expect(res.headers.get("retry-after")).toBe("9");
    expect(res.json).toEqual({ error: "try later" });
  });

  it("keeps the message of a plain error with a 5xx statusCode to itself", async () => {
    await serve(async () => {
      throw Object.assign(new Error("upstream 10.0.0.7 refused"), { statusCode: 503 });
    });
    const res = await post(`${base}/x`, "{}");
    expect(res.status).toBe(503);
    expect(res.json).toEqual({ error: "internal error" });
  });

  it("hands the original error to errorHandler and to the finalizer", async () => {
    const boom = new Error("boom");
    const handled = jest.fn();
    const finished = deferred<ServerSummary>();
    await serve(
      async () => {
        throw boom;
      },
      { errorHandler: handled, finalizer: [(_ctx, s) => finished.resolve(s)] },
    );
    await post(`${base}/x`, "{}");
    const summary = await finished.promise;
    expect(handled).toHaveBeenCalledTimes(1);
    expect(handled.mock.calls[0]?.[1]).toBe(boom);
    expect(summary.status).toBe(500);
    expect(summary.error).toBe(boom);
  });

  it("answers through a custom errorEncoder", async () => {
    await serve(
      async () => {
        throw new KitError("not_found", "gone");
      },
      {
        errorEncoder: (_ctx, err, reply) => {
          reply.code(410).send({ problem: (err as Error).message });
        },
      },
    );
    const res = await post(`${base}/x`, "{}");
    expect(res.status).toBe(410);
    expect(res.json).toEqual({ problem: "gone" });
  });

  it("falls back to 500 JSON when the error encoder itself throws", async () => {
    await serve(
      async () => {
        throw new KitError("not_found", "gone");
      },
      {
        errorEncoder: () => {
          throw new Error("encoder bug");
        },
      },
    );
    const res = await post(`${base}/x`, "{}");
    expect(res.status).toBe(500);
    expect(res.json).toEqual({ error: "internal error" });
  });

  it("answers 500 when the response holds a bigint that JSON.stringify refuses", async () => {
    const handled = deferred<unknown>();
    await serve(async () => ({ v: 1n }), { errorHandler: (_ctx, err) => handled.resolve(err) });
    const res = await post(`${base}/x`, "{}");
    expect(res.status).toBe(500);
    expect(res.json).toEqual({ error: "internal error" });
    expect(await handled.promise).toBeInstanceOf(TypeError);
  });

  it("answers the context's error for a plain error thrown after the context ended", async () => {
    await serve(
      async (ctx) => {
        expect(ctx.signal.aborted).toBe(true);
        throw new Error("fetch failed: AbortError");
      },
      { before: [(ctx) => withTimeout(ctx, -1)[0]] },
    );
    const res = await post(`${base}/x`, "{}");
    expect(res.status).toBe(504);
    expect(res.json).toEqual({ error: "context deadline exceeded" });
  });

  it("aborts the endpoint's context with canceled when the client disconnects", async () => {
    const started = deferred();
    const observed = deferred<unknown>();
    const finished = deferred<ServerSummary>();
    await serve(
      (ctx) =>
        new Promise((_resolve, reject) => {
          ctx.signal.addEventListener("abort", () => {
            observed.resolve(ctx.signal.reason);
            reject(ctx.signal.reason);
          });
          started.resolve();
        }),
      { finalizer: [(_ctx, s) => finished.resolve(s)] },
    );
    // A raw request on its own socket, destroyed once the endpoint runs: a client going away.
    const request = httpRequest(`${base}/x`, {
      method: "POST",
      agent: false,
      headers: { "content-type": "application/json" },
    });
    const gone = new Promise((resolve) => request.once("error", resolve));
    request.end("{}");
    await started.promise;
    request.destroy();
    await gone;
    const reason = await observed.promise;
    expect(isKitError(reason) && reason.code).toBe("canceled");
    const summary = await finished.promise;
    expect(summary.status).toBe(499);
    expect(isKitError(summary.error) && summary.error.code).toBe("canceled");
  });

  it("cancels the context once the request has ended", async () => {
    let seen: Context | undefined;
    const finished = deferred<Context>();
    await serve(
      async (ctx) => {
        seen = ctx;
        return {};
      },
      { finalizer: [(ctx) => finished.resolve(ctx)] },
    );
    const res = await post(`${base}/x`, "{}");
    expect(res.status).toBe(200);
    await finished.promise;
    expect(seen?.signal.aborted).toBe(true);
  });

  it("keeps answering after a failed request", async () => {
    await serve(async (_ctx, req) => {
      if (req.a < 0) throw new Error("negative");
      return { v: req.a + req.b };
    });
    expect((await post(`${base}/x`, '{"a":-1,"b":0}')).status).toBe(500);
    const res = await post(`${base}/x`, '{"a":1,"b":2}');
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ v: 3 });
  });

  it("rejects bad arguments and options at construction", () => {
    const bad = (options: unknown) => () =>
      createServer(sum, decodeSum, encodeJSONResponse, options as ServerOptions);
    expect(() => createServer(undefined as never, decodeSum, encodeJSONResponse)).toThrow(
      "createServer: endpoint must be a function",
    );
    expect(bad({ before: [1] })).toThrow("createServer: before must be an array of functions");
    expect(bad({ after: () => {} })).toThrow("createServer: after must be an array of functions");
    expect(bad({ finalizer: [null] })).toThrow("createServer: finalizer");
    expect(bad({ errorEncoder: "json" })).toThrow("createServer: errorEncoder must be a function");
    expect(bad({ errorHandler: 1 })).toThrow("createServer: errorHandler must be a function");
    expect(bad(null)).toThrow("createServer: options must be an object");
  });
});
