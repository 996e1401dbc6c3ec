import type { Client } from "@grpc/grpc-js";
import { credentials } from "@grpc/grpc-js";
import type { KitError } from "@kit/endpoint";
import { background, withTimeout } from "@kit/endpoint";
import type { Addsvc } from "../src/app.js";
import type { AddEndpoints } from "../src/endpoint/set.js";
import { grpcClientEndpoints, loadAddService } from "../src/transport/grpc.js";
import { httpClientEndpoints } from "../src/transport/http.js";
import { jsonRpcClientEndpoints } from "../src/transport/jsonrpc.js";
import { startTestAddsvc, testProtoPath } from "./support/addsvc.js";

/** A JSON-RPC response object. */
interface RpcAnswer {
  result?: unknown;
  error: { code: number; message: string };
  id: unknown;
}

const errorOf = async (res: Response) => ((await res.json()) as { error: string }).error;

let svc: Addsvc;
let grpcClient: Client;
const clients: Record<string, () => AddEndpoints> = {
  http: () => httpClientEndpoints(`http://${svc.addresses.http}`),
  grpc: () => grpcClientEndpoints(grpcClient),
  jsonrpc: () => jsonRpcClientEndpoints(`http://${svc.addresses.jsonrpc}/`),
};

beforeAll(async () => {
  svc = await startTestAddsvc();
  const { Client } = loadAddService(testProtoPath);
  grpcClient = new Client(svc.addresses.grpc!, credentials.createInsecure());
});
afterAll(async () => {
  grpcClient.close();
  await svc.close();
});

describe.each(Object.keys(clients))("addsvc over %s", (transport) => {
  const endpoints = () => clients[transport]!();

  it("sums", async () => {
    const res = await endpoints().sum(background(), { a: 1n, b: 2n });
    expect(res.v).toBe(3n);
    expect(res.err).toBeUndefined();
  });

  it("keeps an int64 beyond 2^53 exact", async () => {
    const res = await endpoints().sum(background(), { a: 9007199254740993n, b: 0n });
    expect(res.v).toBe(9007199254740993n);
  });

  it("concatenates", async () => {
    await expect(endpoints().concat(background(), { a: "go", b: "kit" })).resolves.toMatchObject({
      v: "gokit",
    });
  });

  it.each([
    ["sum", { a: 0n, b: 0n }, "can't sum two zeroes"],
    ["sum", { a: 2147483647n, b: 1n }, "integer overflow"],
    ["concat", { a: "0123456789", b: "x" }, "result exceeds maximum size"],
  ] as const)("carries the business error of %s %o back", async (method, request, message) => {
    const call = endpoints()[method] as (ctx: unknown, r: unknown) => Promise<{ err?: Error }>;
    const res = await call(background(), request);
    expect(res.err?.message).toBe(message);
  });
});

describe("addsvc's HTTP listener", () => {
  const post = (path: string, body: string, headers: Record<string, string> = {}) =>
    fetch(`http://${svc.addresses.http}${path}`, { method: "POST", body, headers });
  const json = { "content-type": "application/json" };

  it("accepts go-kit's Go client: upper-case keys, no content type, chunked", async () => {
    const body = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"A":40,'));
        controller.enqueue(new TextEncoder().encode('"B":2}\n'));
        controller.close();
      },
    });
    const res = await fetch(`http://${svc.addresses.http}/sum`, {
      method: "POST",
      body,
      duplex: "half",
    } as RequestInit);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('{"v":42}');
  });

  it("answers a business error with 400 and go-kit's message", async () => {
    const res = await post("/sum", '{"a":0,"b":0}', json);
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await res.json()).toEqual({ error: "can't sum two zeroes" });
  });

  it.each([
    ["malformed JSON", "/sum", '{"a":', json, 400, /malformed JSON/],
    ["a string for an integer", "/sum", '{"a":"x","b":1}', json, 400, /a: expected an integer/],
    ["a fraction for an integer", "/sum", '{"a":1.5,"b":1}', json, 400, /a: /],
    ["an int64 overflow", "/sum", '{"a":9223372036854775808}', json, 400, /out of int64 range/],
    ["a missing body", "/sum", "", json, 400, /missing request body/],
    ["a wrong content type", "/sum", "a=1", { "content-type": "text/plain" }, 415, /media type/],
    ["an unknown route", "/product", "{}", json, 404, /no route/],
  ])(
    "answers %s with a clear JSON error, then serves on",
    async (_what, path, body, headers, status, message) => {
      const res = await post(path, body, headers);
      expect(res.status).toBe(status);
      expect(await errorOf(res)).toMatch(message);
      const next = await post("/sum", '{"a":1,"b":2}', json);
      expect(await next.json()).toEqual({ v: 3 });
    },
  );

  it("answers a body over the limit with 413", async () => {
    const res = await post(
      "/concat",
      JSON.stringify({ a: "x".repeat(2 * 1024 * 1024), b: "" }),
      json,
    );
    expect(res.status).toBe(413);
    expect(await errorOf(res)).toEqual(expect.any(String));
  });
});

describe("addsvc's JSON-RPC listener", () => {
  const rpc = async (body: unknown, path = "/") => {
    const res = await fetch(`http://${svc.addresses.jsonrpc}${path}`, {
      method: "POST",
      body: JSON.stringify(body),
      headers: { "content-type": "application/json; charset=utf-8" },
    });
    expect(res.status).toBe(200);
    return (await res.json()) as RpcAnswer & RpcAnswer[];
  };

  it("accepts go-kit 0.10's client: an empty jsonrpc field, id 0, upper-case params, any path", async () => {
    await expect(
      rpc({ jsonrpc: "", method: "sum", params: { A: 1, B: 2 }, id: 0 }, "/any/path"),
    ).resolves.toEqual({ jsonrpc: "2.0", result: { v: 3 }, id: 0 });
  });

  it("returns a business error as an error object with the request id", async () => {
    const res = await rpc({ jsonrpc: "2.0", method: "sum", params: { a: 0, b: 0 }, id: 7 });
    expect(res.id).toBe(7);
    expect(res.error).toMatchObject({ code: -32602, message: "can't sum two zeroes" });
  });

  it("answers invalid params with -32602 and an unknown method with -32601", async () => {
    const bad = await rpc({ jsonrpc: "2.0", method: "sum", params: { a: "x" }, id: 1 });
    expect(bad.error.code).toBe(-32602);
    const unknown = await rpc({ jsonrpc: "2.0", method: "product", params: {}, id: 2 });
    expect(unknown.error.code).toBe(-32601);
  });

  it("answers a batch with one bad member member by member", async () => {
    const res: RpcAnswer[] = await rpc([
      { jsonrpc: "2.0", method: "sum", params: { a: 1, b: 1 }, id: 1 },
      { jsonrpc: "2.0", method: "concat", params: { a: 1 }, id: 2 },
      "not a request",
    ]);
    expect(res).toHaveLength(3);
    expect(res[0]).toEqual({ jsonrpc: "2.0", result: { v: 2 }, id: 1 });
    expect(res[1]?.error.code).toBe(-32602);
    expect(res[2]?.error.code).toBe(-32600);
  });
});

describe("addsvc's debug listener", () => {
  it("answers health checks", async () => {
    const res = await fetch(`http://${svc.addresses.debug}/health`);
    expect(await res.json()).toEqual({ status: "ok" });
  });
});

describe("addsvc's gRPC listener", () => {
  it("answers a deadline that is already past with deadline_exceeded", async () => {
    const [ctx, cancel] = withTimeout(background(), 0);
    const err: KitError = await grpcClientEndpoints(grpcClient)
      .sum(ctx, { a: 1n, b: 2n })
      .catch((e) => e);
    cancel();
    expect(err.code).toBe("deadline_exceeded");
  });
});
