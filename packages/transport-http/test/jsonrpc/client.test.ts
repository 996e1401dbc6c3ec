import type { Server, ServerResponse } from "node:http";
import { createServer as createHttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Endpoint, KitError } from "@kit/endpoint";
import { background, isKitError, KitError as KitErrorClass, schemaDecoder } from "@kit/endpoint";
import type { FastifyInstance } from "fastify";
import fastify from "fastify";
import { z } from "zod";
import type { ClientEndpoint } from "../../src/client.js";
import { createJsonRpcClient } from "../../src/jsonrpc/client.js";
import { createJsonRpcServer, endpointCodec } from "../../src/jsonrpc/server.js";
import { httpTransport } from "../../src/plugin.js";
import { listen } from "../support/servers.js";

type SumReq = { a: number; b: number };
const sum: Endpoint<SumReq, { v: number }> = async (_ctx, { a, b }) => {
  if (a < 0) throw new KitErrorClass("failed_precondition", "no negatives");
  return { v: a + b };
};
const decodeSum = schemaDecoder(z.object({ a: z.number(), b: z.number() }));

async function rejection(promise: Promise<unknown>): Promise<KitError> {
  try {
    await promise;
  } catch (err) {
    if (isKitError(err)) return err;
    throw err;
  }
  throw new Error("expected a rejection");
}

describe("createJsonRpcClient", () => {
  const clients: ClientEndpoint<never, unknown>[] = [];
  let app: FastifyInstance | undefined;
  let plain: Server | undefined;

  function track<Req, Res>(c: ClientEndpoint<Req, Res>): ClientEndpoint<Req, Res> {
    clients.push(c as unknown as ClientEndpoint<never, unknown>);
    return c;
  }

  async function kitServer(): Promise<string> {
    app = fastify();
    await app.register(httpTransport, {
      routes: [
        {
          method: "POST",
          url: "/rpc",
          handler: createJsonRpcServer({
            sum: endpointCodec(
              sum,
              async (_ctx, p) => decodeSum(p),
              async (_ctx, r) => r,
            ),
          }),
        },
      ],
    });
    return `${await listen(app)}/rpc`;
  }

  /** A plain node:http JSON-RPC peer: records request bodies, answers `answer(request)`. */
  async function plainServer(
    answer: (request: Record<string, unknown>, res: ServerResponse) => void,
  ) {
    const bodies: Record<string, unknown>[] = [];
    plain = createHttpServer((req, res) => {
      let text = "";
      req.setEncoding("utf8");
      req.on("data", (d: string) => (text += d));
      req.on("end", () => {
        const request = JSON.parse(text) as Record<string, unknown>;
        bodies.push(request);
        answer(request, res);
      });
    });
    await new Promise<void>((resolve) => plain?.listen(0, "127.0.0.1", resolve));
    const { port } = plain.address() as AddressInfo;
    return { url: `http://127.0.0.1:${port}/`, bodies };
  }

  const reply = (res: ServerResponse, body: unknown) =>
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));

  afterEach(async () => {
    for (const c of clients.splice(0)) await c.close();
    await app?.close();
    app = undefined;
    if (plain) {
      plain.closeAllConnections();
      await new Promise((resolve) => plain?.close(resolve));
      plain = undefined;
    }
  });

  it("round-trips with a kit server", async () => {
    const call = track(createJsonRpcClient<SumReq, { v: number }>(await kitServer(), "sum"));
    await expect(call(background(), { a: 1, b: 2 })).resolves.toEqual({ v: 3 });
    await expect(call(background(), { a: 2, b: 2 })).resolves.toEqual({ v: 4 });
  });

  it("recovers the exact kit code from data.code, with the server's message", async () => {
    const call = track(createJsonRpcClient<SumReq, { v: number }>(await kitServer(), "sum"));
    const err = await rejection(call(background(), { a: -1, b: 2 }));
    // failed_precondition shares HTTP 400 with others; data.code keeps it exact.
    expect([err.code, err.message]).toEqual(["failed_precondition", "no negatives"]);
    expect(err.details).toEqual({ jsonRpcCode: -32009, data: { code: "failed_precondition" } });
  });

  it("reports invalid params and unknown methods of a kit server", async () => {
    const url = await kitServer();
    const bad = await rejection(track(createJsonRpcClient(url, "sum"))(background(), { a: "x" }));
    expect(bad.code).toBe("invalid_argument");
    const missing = await rejection(track(createJsonRpcClient(url, "divide"))(background(), {}));
    expect([missing.code, missing.message]).toEqual(["unimplemented", "method not found: divide"]);
  });

  it("sends a JSON-RPC 2.0 request with increasing ids that any peer understands", async () => {
    const { url, bodies } = await plainServer((r, res) =>
      reply(res, { jsonrpc: "2.0", result: 1, id: r.id }),
    );
    const call = track(createJsonRpcClient(url, "ping"));
    await call(background(), [1, 2]);
    await call(background(), undefined);
    expect(bodies).toEqual([
      { jsonrpc: "2.0", method: "ping", params: [1, 2], id: 1 },
      { jsonrpc: "2.0", method: "ping", id: 2 },
    ]);
  });

  it("maps a plain peer's error codes with codeFromJsonRpcCode", async () => {
    const { url } = await plainServer((r, res) =>
      reply(res, {
        jsonrpc: "2.0",
        error: { code: r.method === "a" ? -32014 : -32601, message: `no ${String(r.method)}` },
        id: r.id,
      }),
    );
    const a = await rejection(track(createJsonRpcClient(url, "a"))(background(), {}));
    expect([a.code, a.message]).toEqual(["unavailable", "no a"]);
    expect(a.details).toEqual({ jsonRpcCode: -32014 });
    const b = await rejection(track(createJsonRpcClient(url, "b"))(background(), {}));
    expect(b.code).toBe("unimplemented");
  });

  it("uses its params encoder, result decoder and id generator", async () => {
    const { url, bodies } = await plainServer((r, res) =>
      reply(res, { jsonrpc: "2.0", result: { total: 5 }, id: r.id }),
    );
    const call = track(
      createJsonRpcClient(url, "sum", {
        encode: async (_ctx, req: SumReq) => [req.a, req.b],
        decode: async (_ctx, result) => (result as { total: number }).total,
        requestId: () => "fixed",
      }),
    );
    const total: number = await call(background(), { a: 2, b: 3 });
    expect(total).toBe(5);
    expect(bodies[0]).toEqual({ jsonrpc: "2.0", method: "sum", params: [2, 3], id: "fixed" });
  });

  it.each([
    ["text that is not JSON", "oops"],
    ["an array", "[]"],
    ["an object with neither result nor error", '{"jsonrpc":"2.0","id":1}'],
    ["a broken error object", '{"jsonrpc":"2.0","error":"bad","id":1}'],
  ])("rejects %s as a response with internal", async (_what, text) => {
    const { url } = await plainServer((_r, res) => res.writeHead(200).end(text));
    const err = await rejection(track(createJsonRpcClient(url, "x"))(background(), {}));
    expect(err.code).toBe("internal");
    expect(err.message).toMatch(/^malformed JSON-RPC response: /);
  });

  it("reports HTTP failures as createClient does", async () => {
    const url = await kitServer();
    const err = await rejection(
      track(createJsonRpcClient(`${url}/wrong`, "sum"))(background(), {}),
    );
    expect(err.code).toBe("not_found");
  });

  it("refuses bad arguments at construction", () => {
    expect(() => createJsonRpcClient("http://x", "")).toThrow(
      "createJsonRpcClient: method must be a non-empty string",
    );
    expect(() => createJsonRpcClient("http://x", "m", { requestId: 1 as never })).toThrow(
      "createJsonRpcClient: requestId must be a function",
    );
  });
});
