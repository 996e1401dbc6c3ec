import { isKitError } from "@kit/endpoint";
import { type ConsulTestServer, startConsulTestServer } from "@kit/test-servers";
import { consulRequest, normalizeAddress } from "../src/consul-http.js";

describe("consulRequest", () => {
  let server: ConsulTestServer;
  beforeAll(async () => {
    server = await startConsulTestServer();
  });
  afterAll(() => server?.close());
  afterEach(() => server.fail500(false));

  it("returns the JSON body and the X-Consul-Index", async () => {
    const res = await consulRequest("GET", `${server.address}/v1/health/service/none`, undefined);
    expect(res).toEqual({ status: 200, body: [], index: server.index() });
  });

  it("rejects an HTTP 500 with KitError unavailable, the status in the cause", async () => {
    server.fail500(true);
    const err = await consulRequest(
      "GET",
      `${server.address}/v1/health/service/x`,
      undefined,
    ).catch((e: unknown) => e);
    expect(isKitError(err) && err.code).toBe("unavailable");
    expect(String((err as Error).cause)).toContain("HTTP 500");
  });

  it("rejects with KitError canceled when its signal aborts", async () => {
    const controller = new AbortController();
    const pending = consulRequest(
      "GET",
      `${server.address}/v1/health/service/x?index=${server.index()}&wait=60s`,
      controller.signal,
    );
    await server.parked(server.index());
    controller.abort();
    const err = await pending.catch((e: unknown) => e);
    expect(isKitError(err) && err.code).toBe("canceled");
  });
});

describe("normalizeAddress", () => {
  it("strips trailing slashes and rejects an address without a scheme", () => {
    expect(normalizeAddress("f", "http://127.0.0.1:8500/")).toBe("http://127.0.0.1:8500");
    expect(() => normalizeAddress("f", "127.0.0.1:8500")).toThrow(TypeError);
  });
});
