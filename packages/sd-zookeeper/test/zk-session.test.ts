import { nopLogger } from "@kit/endpoint";
import { startZooKeeper, type ZooKeeperServer } from "@kit/test-servers";
import zookeeper from "node-zookeeper-client";
import { backoffMs, closeClient, openSession, type Session } from "../src/zk-session.js";
import { startProxy } from "./support/proxy.js";

let server: ZooKeeperServer;
beforeAll(async () => {
  server = await startZooKeeper();
}, 60_000);
afterAll(() => server?.stop(), 60_000);

const settings = (connect: string) => ({
  connect,
  sessionTimeoutMs: 2000,
  reconnectDelayMs: 100,
  connectTimeoutMs: 2000,
  maxBackoffMs: 1000,
  logger: nopLogger,
  random: Math.random,
  name: "test",
});

describe("backoffMs", () => {
  it("doubles from 100 ms with equal jitter and stops at the maximum", () => {
    expect(backoffMs(1, 30_000, () => 0)).toBe(50);
    expect(backoffMs(1, 30_000, () => 0.999)).toBeCloseTo(99.95);
    expect(backoffMs(4, 30_000, () => 0)).toBe(400);
    expect(backoffMs(40, 1000, () => 0)).toBe(500);
    expect(backoffMs(40, 1000, () => 0.999)).toBeLessThan(1000);
  });
});

describe("closeClient", () => {
  it("closes a client that never connected without throwing or reconnecting", async () => {
    const client = zookeeper.createClient("127.0.0.1:1", { sessionTimeout: 400, spinDelay: 50 });
    const states: string[] = [];
    client.on("state", (s: { name: string }) => states.push(s.name));
    client.connect();
    expect(() => closeClient(client)).not.toThrow();
    await new Promise((r) => setImmediate(r));
    expect(states).not.toContain("SYNC_CONNECTED");
  });
});

describe("openSession", () => {
  let session: Session | undefined;
  afterEach(() => session?.close());

  it("reports a fresh session, a lost connection, and the same session resumed", async () => {
    const proxy = await startProxy(server.port);
    try {
      const seen: string[] = [];
      let wake: () => void = () => undefined;
      const next = () => new Promise<void>((r) => (wake = r));
      let step = next();
      session = openSession(settings(proxy.connect), {
        connected(_client, fresh) {
          seen.push(fresh ? "fresh" : "resumed");
          wake();
        },
        lost(reason) {
          seen.push(reason);
          wake();
        },
      });
      await step;
      expect(session.client()).toBeDefined();
      step = next();
      proxy.block();
      await step;
      expect(session.client()).toBeUndefined();
      step = next();
      proxy.unblock();
      await step;
      expect(seen).toEqual(["fresh", "disconnected", "resumed"]);
    } finally {
      await proxy.close();
    }
  });

  it("reports an unreachable ensemble after connectTimeoutMs and nothing after close()", async () => {
    const seen: string[] = [];
    await new Promise<void>((resolve) => {
      session = openSession(
        { ...settings("127.0.0.1:1"), connectTimeoutMs: 200 },
        {
          connected: () => seen.push("connected"),
          lost(reason) {
            seen.push(reason);
            resolve();
          },
        },
      );
    });
    session?.close();
    expect(seen).toEqual(["unreachable"]);
  });
});
