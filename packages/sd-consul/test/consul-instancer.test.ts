import { isKitError } from "@kit/endpoint";
import type { Instancer } from "@kit/endpoint/sd";
import { anError, excluding, including, record } from "@kit/sd-conformance";
import type { ConsulInstancerOptions } from "../src/consul-instancer.js";
import { createConsulInstancer, nextIndex } from "../src/consul-instancer.js";
import { createConsulRegistrar } from "../src/consul-registrar.js";
import {
  type ConsulHarness,
  freshName,
  itWithTestServer,
  rawDeregister,
  rawRegister,
  startHarness,
  testServerOnly,
} from "./support/harness.js";

const timeoutMs = 10_000;

describe("createConsulInstancer", () => {
  let harness: ConsulHarness;
  const cleanups: (() => unknown)[] = [];
  const watch = (options: Partial<ConsulInstancerOptions> & { service: string }): Instancer => {
    const instancer = createConsulInstancer({
      address: harness.address,
      waitSec: 5,
      backoff: { initialMs: 50, maxMs: 500 },
      ...options,
    });
    cleanups.push(() => instancer.stop());
    return instancer;
  };
  const register = async (body: Record<string, unknown>) => {
    await rawRegister(harness.address, body);
    cleanups.push(() => rawDeregister(harness.address, String(body.ID)));
  };
  const healthQueries = () =>
    harness.server?.requests.filter((r) => r.path.startsWith("/v1/health/service/")) ?? [];

  beforeAll(async () => {
    harness = await startHarness();
  });
  afterEach(async () => {
    await harness.restart();
    harness.server?.fail500(false);
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  afterAll(() => harness?.close());

  it("reports Service.Address:Port, and the node's address when the service has none", async () => {
    const service = freshName();
    await register({ ID: `${service}-a`, Name: service, Address: "10.1.1.1", Port: 81 });
    await register({ ID: `${service}-b`, Name: service, Address: "", Port: 82 });
    const watcher = record(watch({ service }));
    const event = await watcher.waitFor((e) => (e.instances?.length ?? 0) === 2, timeoutMs);
    expect(event.instances).toContain("10.1.1.1:81");
    expect(event.instances?.find((i) => i !== "10.1.1.1:81")).toMatch(/^[^:]+:82$/);
  });

  it("reports only instances whose checks pass, unless passingOnly is false", async () => {
    const service = freshName();
    await register({ ID: `${service}-ok`, Name: service, Address: "10.2.0.1", Port: 1 });
    await register({
      ID: `${service}-bad`,
      Name: service,
      Address: "10.2.0.2",
      Port: 2,
      Check: { CheckID: `service:${service}-bad`, TTL: "60s" },
    });
    const all = record(watch({ service, passingOnly: false }));
    await all.waitFor(including("10.2.0.1:1", "10.2.0.2:2"), timeoutMs);
    const passing = record(watch({ service }));
    const event = await passing.waitFor(including("10.2.0.1:1"), timeoutMs);
    expect(event.instances).toEqual(["10.2.0.1:1"]);
  });

  it("reports only instances carrying every requested tag", async () => {
    const service = freshName();
    await register({
      ID: `${service}-ab`,
      Name: service,
      Address: "10.3.0.1",
      Port: 1,
      Tags: ["a", "b"],
    });
    await register({
      ID: `${service}-a`,
      Name: service,
      Address: "10.3.0.2",
      Port: 2,
      Tags: ["a"],
    });
    await register({
      ID: `${service}-b`,
      Name: service,
      Address: "10.3.0.3",
      Port: 3,
      Tags: ["b"],
    });
    const both = record(watch({ service, tags: ["a", "b"] }));
    const event = await both.waitFor(including("10.3.0.1:1"), timeoutMs);
    expect(event.instances).toEqual(["10.3.0.1:1"]);
    const onlyA = record(watch({ service, tags: ["a"] }));
    const eventA = await onlyA.waitFor(including("10.3.0.1:1", "10.3.0.2:2"), timeoutMs);
    expect(eventA.instances).toEqual(["10.3.0.1:1", "10.3.0.2:2"]);
  });

  it("drops an instance whose TTL check expires, while a heartbeat keeps another one", async () => {
    const service = freshName();
    const kept = createConsulRegistrar({
      address: harness.address,
      service: {
        id: `${service}-kept`,
        name: service,
        address: "10.4.0.1",
        port: 1,
        check: { ttlSec: 1 },
      },
    });
    await kept.register();
    cleanups.push(() => kept.deregister());
    // Passed once, never again: it must go critical after 2 s, i.e. two of `kept`'s TTLs.
    await register({
      ID: `${service}-lapsed`,
      Name: service,
      Address: "10.4.0.2",
      Port: 2,
      Check: { CheckID: `service:${service}-lapsed`, TTL: "2s" },
    });
    await fetch(`${harness.address}/v1/agent/check/pass/service:${service}-lapsed`, {
      method: "PUT",
    });
    const watcher = record(watch({ service }));
    const seen = await watcher.waitFor(including("10.4.0.1:1", "10.4.0.2:2"), timeoutMs);
    const seenAt = watcher.events.indexOf(seen);
    const gone = await watcher.waitFor(
      (e) => watcher.events.indexOf(e) > seenAt && excluding("10.4.0.2:2")(e),
      timeoutMs,
    );
    expect(gone.instances).toEqual(["10.4.0.1:1"]);
    expect(watcher.events.slice(seenAt).every(including("10.4.0.1:1"))).toBe(true);
  });

  it("reports Consul being down as an unavailable error, keeps the instances, and backs off", async () => {
    const service = freshName();
    await register({ ID: `${service}-a`, Name: service, Address: "10.5.0.1", Port: 1 });
    let virtualMs = 0;
    const delays: number[] = [];
    let windowOver: () => void = () => {};
    const over = new Promise<void>((resolve) => {
      windowOver = resolve;
    });
    const instancer = watch({
      service,
      backoff: { initialMs: 1000, maxMs: 30_000 },
      random: () => 0,
      sleep: (ms, signal) => {
        delays.push(ms);
        virtualMs += ms;
        if (virtualMs <= 60_000) return Promise.resolve();
        windowOver();
        return new Promise((resolve) => signal.addEventListener("abort", () => resolve()));
      },
    });
    const watcher = record(instancer);
    await watcher.waitFor(including("10.5.0.1:1"), timeoutMs);
    await harness.stop();
    const error = (await watcher.waitFor(anError, timeoutMs)).error;
    expect(isKitError(error) && error.code).toBe("unavailable");
    expect(record(instancer).events[0]?.instances).toEqual(["10.5.0.1:1"]);
    await over;
    // A failed attempt per sleep: 0.5 + 1 + 2 + 4 + 8 + 15 + 15 + 15 s passes 60 s at the 8th.
    expect(delays).toEqual([500, 1000, 2000, 4000, 8000, 15_000, 15_000, 15_000]);
  });

  itWithTestServer(
    `retries an HTTP 500 with the same bounded back-off${testServerOnly}`,
    async () => {
      const server = harness.server!;
      const service = freshName();
      let virtualMs = 0;
      let windowOver: () => void = () => {};
      const over = new Promise<void>((resolve) => {
        windowOver = resolve;
      });
      server.fail500(true);
      const before = healthQueries().length;
      const watcher = record(
        watch({
          service,
          backoff: { initialMs: 1000, maxMs: 30_000 },
          random: () => 0.5,
          sleep: (ms, signal) => {
            virtualMs += ms;
            if (virtualMs <= 60_000) return Promise.resolve();
            windowOver();
            return new Promise((resolve) => signal.addEventListener("abort", () => resolve()));
          },
        }),
      );
      await over;
      const attempts = healthQueries().length - before;
      // Jittered delays of 0.75, 1.5, 3, 6, 12, 22.5, 22.5 s: the 7th passes 60 s.
      expect(attempts).toBe(7);
      expect(watcher.events.some(anError)).toBe(true);
    },
  );

  itWithTestServer(
    `resets a backwards index to 0 and keeps discovering${testServerOnly}`,
    async () => {
      const server = harness.server!;
      const service = freshName();
      await register({ ID: `${service}-a`, Name: service, Address: "10.6.0.1", Port: 1 });
      const watcher = record(watch({ service }));
      await watcher.waitFor(including("10.6.0.1:1"), timeoutMs);
      await server.parked(server.index());
      const before = healthQueries().length;
      server.resetIndex(1);
      await register({ ID: `${service}-b`, Name: service, Address: "10.6.0.2", Port: 2 });
      await watcher.waitFor(including("10.6.0.1:1", "10.6.0.2:2"), timeoutMs);
      expect(
        healthQueries()
          .slice(before)
          .map((r) => r.query.get("index")),
      ).toContain("0");
    },
  );

  itWithTestServer(
    `refreshes exactly once after a deregistration, then blocks again${testServerOnly}`,
    async () => {
      const server = harness.server!;
      const service = freshName();
      await register({ ID: `${service}-a`, Name: service, Address: "10.7.0.1", Port: 1 });
      await register({ ID: `${service}-b`, Name: service, Address: "10.7.0.2", Port: 2 });
      const watcher = record(watch({ service }));
      await watcher.waitFor(including("10.7.0.1:1", "10.7.0.2:2"), timeoutMs);
      await server.parked(server.index());
      const before = healthQueries().length;
      await rawDeregister(harness.address, `${service}-a`);
      await watcher.waitFor(excluding("10.7.0.1:1"), timeoutMs);
      await server.parked(server.index());
      expect(healthQueries().length - before).toBe(1);
    },
  );

  itWithTestServer(`stop() aborts the blocking query in flight${testServerOnly}`, async () => {
    const server = harness.server!;
    const service = freshName();
    const instancer = watch({ service, waitSec: 60 });
    const quiet = record(instancer);
    await server.parked(server.index());
    instancer.stop();
    await server.idle();
    await register({ ID: `${service}-a`, Name: service, Address: "10.8.0.1", Port: 1 });
    expect(quiet.events).toEqual([{ instances: [] }]);
  });

  it("rejects bad options with a TypeError", () => {
    const address = "http://127.0.0.1:8500";
    expect(() => createConsulInstancer({ address: "127.0.0.1:8500", service: "s" })).toThrow(
      TypeError,
    );
    expect(() => createConsulInstancer({ address, service: "" })).toThrow(TypeError);
    expect(() => createConsulInstancer({ address, service: "s", waitSec: 0 })).toThrow(TypeError);
    expect(() => createConsulInstancer({ address, service: "s", waitSec: 300 })).toThrow(TypeError);
    expect(() => createConsulInstancer({ address, service: "s", tags: [""] })).toThrow(TypeError);
    expect(() =>
      createConsulInstancer({ address, service: "s", backoff: { initialMs: 10, maxMs: 5 } }),
    ).toThrow(TypeError);
  });
});

describe("nextIndex", () => {
  it("uses the received index when it moved forward or stayed", () => {
    expect(nextIndex(5, 9)).toBe(9);
    expect(nextIndex(9, 9)).toBe(9);
  });
  it("resets to 0 when the index went backwards", () => {
    expect(nextIndex(9, 5)).toBe(0);
  });
  it("turns a missing or zero index into 1, so the next query still blocks", () => {
    expect(nextIndex(0, undefined)).toBe(1);
    expect(nextIndex(7, 0)).toBe(1);
  });
});
