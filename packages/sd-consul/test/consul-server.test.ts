import { type ConsulTestServer, startConsulTestServer } from "@kit/test-servers";

/** The test server's own contract: the Consul semantics the other suites rely on. */
describe("the Consul test server", () => {
  let server: ConsulTestServer;
  beforeAll(async () => {
    server = await startConsulTestServer();
  });
  afterAll(() => server?.close());

  const put = (path: string, body?: unknown) =>
    fetch(`${server.address}${path}`, { method: "PUT", body: JSON.stringify(body) });

  it("holds a blocking query until the index moves past it, then answers with the new index", async () => {
    const index = server.index();
    const pending = fetch(`${server.address}/v1/health/service/s1?index=${index}&wait=60s`);
    await server.parked(index);
    await put("/v1/agent/service/register", {
      ID: "s1-a",
      Name: "s1",
      Address: "10.0.0.1",
      Port: 1,
    });
    const res = await pending;
    expect(Number(res.headers.get("x-consul-index"))).toBeGreaterThan(index);
    expect(((await res.json()) as unknown[]).length).toBe(1);
  });

  it("answers a blocking query with the same index once its wait elapses", async () => {
    const index = server.index();
    const res = await fetch(`${server.address}/v1/health/service/s1?index=${index}&wait=50ms`);
    expect(Number(res.headers.get("x-consul-index"))).toBe(index);
  });

  it("filters out critical instances with ?passing and lets a TTL pass revive them", async () => {
    await put("/v1/agent/service/register", {
      ID: "s2-a",
      Name: "s2",
      Port: 1,
      Check: { TTL: "60s" },
    });
    const list = async () =>
      (await (await fetch(`${server.address}/v1/health/service/s2?passing=1`)).json()) as unknown[];
    expect(await list()).toHaveLength(0);
    await put("/v1/agent/check/pass/service:s2-a");
    expect(await list()).toHaveLength(1);
  });
});
