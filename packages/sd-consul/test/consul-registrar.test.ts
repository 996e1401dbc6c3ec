import { isKitError } from "@kit/endpoint";
import { including, record } from "@kit/sd-conformance";
import { createConsulInstancer } from "../src/consul-instancer.js";
import { createConsulRegistrar } from "../src/consul-registrar.js";
import {
  type ConsulHarness,
  freshName,
  itWithTestServer,
  startHarness,
  testServerOnly,
} from "./support/harness.js";

describe("createConsulRegistrar", () => {
  let harness: ConsulHarness;
  const cleanups: (() => unknown)[] = [];

  beforeAll(async () => {
    harness = await startHarness();
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  afterAll(() => harness?.close());

  it("registers an instance that a passing-only instancer reports, then deregisters it", async () => {
    const name = freshName();
    const registrar = createConsulRegistrar({
      address: harness.address,
      service: { id: `${name}-1`, name, address: "10.9.0.1", port: 8080, check: { ttlSec: 10 } },
    });
    await registrar.register();
    cleanups.push(() => registrar.deregister().catch(() => undefined));
    const instancer = createConsulInstancer({
      address: harness.address,
      service: name,
      waitSec: 5,
    });
    cleanups.push(() => instancer.stop());
    const watcher = record(instancer);
    await watcher.waitFor(including("10.9.0.1:8080"), 10_000);
    await registrar.deregister();
    await watcher.waitFor((e) => e.instances?.length === 0, 10_000);
  });

  itWithTestServer(`sends Consul's service and check definitions${testServerOnly}`, async () => {
    const server = harness.server!;
    const name = freshName();
    const http = createConsulRegistrar({
      address: harness.address,
      service: {
        id: `${name}-h`,
        name,
        port: 1,
        tags: ["v1"],
        check: { http: "http://10.0.0.1:1/health", intervalSec: 5 },
      },
    });
    const grpc = createConsulRegistrar({
      address: harness.address,
      service: { id: `${name}-g`, name, port: 2, check: { grpc: "10.0.0.1:2", intervalSec: 3 } },
    });
    await http.register();
    await grpc.register();
    cleanups.push(
      () => http.deregister(),
      () => grpc.deregister(),
    );
    const h = server.services().get(`${name}-h`);
    expect(h).toMatchObject({ Name: name, Address: "", Port: 1, Tags: ["v1"] });
    expect(h?.check?.definition).toEqual({ HTTP: "http://10.0.0.1:1/health", Interval: "5s" });
    expect(server.services().get(`${name}-g`)?.check?.definition).toEqual({
      GRPC: "10.0.0.1:2",
      Interval: "3s",
    });
  });

  itWithTestServer(
    `passes a TTL check at once and keeps it passing, until deregistered${testServerOnly}`,
    async () => {
      const server = harness.server!;
      const name = freshName();
      const id = `${name}-t`;
      const registrar = createConsulRegistrar({
        address: harness.address,
        service: { id, name, port: 3, check: { ttlSec: 1 } },
      });
      await registrar.register();
      expect(server.services().get(id)?.check).toMatchObject({
        definition: { CheckID: `service:${id}`, TTL: "1s" },
        status: "passing",
      });
      const passes = () =>
        server.requests.filter(
          (r) => decodeURIComponent(r.path) === `/v1/agent/check/pass/service:${id}`,
        ).length;
      // A probe service passed once with a 2 s TTL goes critical after two of ours.
      await fetch(`${harness.address}/v1/agent/service/register`, {
        method: "PUT",
        body: JSON.stringify({
          ID: `${name}-probe`,
          Name: `${name}-probe`,
          Port: 4,
          Check: { TTL: "2s" },
        }),
      });
      await fetch(`${harness.address}/v1/agent/check/pass/service:${name}-probe`, {
        method: "PUT",
      });
      await server.checkStatus(`service:${name}-probe`, "critical");
      expect(server.services().get(id)?.check?.status).toBe("passing");
      expect(passes()).toBeGreaterThanOrEqual(4);
      await registrar.deregister();
      const after = passes();
      expect(server.services().has(id)).toBe(false);
      // Another 2 s of the probe: no heartbeat may follow the deregistration.
      await fetch(`${harness.address}/v1/agent/check/pass/service:${name}-probe`, {
        method: "PUT",
      });
      await server.checkStatus(`service:${name}-probe`, "critical");
      expect(passes()).toBe(after);
      await fetch(`${harness.address}/v1/agent/service/deregister/${name}-probe`, {
        method: "PUT",
      });
    },
  );

  it("rejects with KitError unavailable when the agent cannot be reached", async () => {
    await harness.stop();
    try {
      const registrar = createConsulRegistrar({
        address: harness.address,
        service: { id: "x", name: "x", port: 1 },
      });
      const err = await registrar.register().catch((e: unknown) => e);
      expect(isKitError(err) && err.code).toBe("unavailable");
      expect((err as Error).cause).toBeDefined();
    } finally {
      await harness.restart();
    }
  });

  it("rejects bad options with a TypeError", () => {
    const address = "http://127.0.0.1:8500";
    const ok = { id: "a", name: "a", port: 1 };
    expect(() => createConsulRegistrar({ address: "nope", service: ok })).toThrow(TypeError);
    expect(() => createConsulRegistrar({ address, service: { ...ok, id: "" } })).toThrow(TypeError);
    expect(() => createConsulRegistrar({ address, service: { ...ok, port: 0 } })).toThrow(
      TypeError,
    );
    expect(() =>
      createConsulRegistrar({ address, service: { ...ok, check: { ttlSec: 0 } } }),
    ).toThrow(TypeError);
    expect(() =>
      createConsulRegistrar({
        address,
        service: { ...ok, check: { http: "http://x", intervalSec: 1.5 } },
      }),
    ).toThrow(TypeError);
  });
});
