import { spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Instancer, Registrar } from "@kit/endpoint/sd";
import { excluding, including, record } from "@kit/sd-conformance";
import { MAX_SESSION_MS, startZooKeeper, type ZooKeeperServer } from "@kit/test-servers";
import type { Client } from "node-zookeeper-client";
import { createZooKeeperInstancer, createZooKeeperRegistrar } from "../src/index.js";
import { closeClient } from "../src/zk-session.js";
import { startProxy } from "./support/proxy.js";
import { rawClient, zk } from "./support/raw-client.js";

const fast = { sessionTimeoutMs: MAX_SESSION_MS, reconnectDelayMs: 200, maxBackoffMs: 1000 };
const WAIT_MS = 10_000;
const NODE_NAME = /^_c_[0-9a-f-]{36}-instance-\d{10}$/;

let server: ZooKeeperServer;
let client: Client;
const cleanups: (() => unknown)[] = [];
const registrar = (path: string, instance: string, connect = server.connect): Registrar => {
  const made = createZooKeeperRegistrar({ connect, path, instance, ...fast });
  cleanups.push(() => made.deregister().catch(() => undefined));
  return made;
};
const watch = (path: string): Instancer => {
  const made = createZooKeeperInstancer({ connect: server.connect, path, ...fast });
  cleanups.push(() => made.stop());
  return made;
};

beforeAll(async () => {
  server = await startZooKeeper();
  client = await rawClient(server.connect);
}, 60_000);
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
afterAll(async () => {
  if (client) closeClient(client);
  await server?.stop();
}, 60_000);

describe("createZooKeeperRegistrar", () => {
  it("rejects bad options with a TypeError", () => {
    const ok = { connect: "127.0.0.1:2181", path: "/a", instance: "10.0.0.1:80" };
    expect(() => createZooKeeperRegistrar({ ...ok, instance: "" })).toThrow(TypeError);
    expect(() => createZooKeeperRegistrar({ ...ok, path: "a" })).toThrow(TypeError);
    expect(() => createZooKeeperRegistrar({ ...ok, connect: 5 as never })).toThrow(TypeError);
    expect(() => createZooKeeperRegistrar({ ...ok, connectTimeoutMs: -1 })).toThrow(TypeError);
    expect(() => createZooKeeperRegistrar({ ...ok, random: 1 as never })).toThrow(TypeError);
  });

  it("registers one ephemeral sequential node holding the instance address", async () => {
    const path = "/kit/reg/one";
    const r = registrar(path, "10.1.0.1:80");
    await r.register();
    await r.register(); // already registered: nothing more
    const children = await zk.children(client, path);
    expect(children).toHaveLength(1);
    expect(children[0]).toMatch(NODE_NAME);
    const { data, stat } = await zk.data(client, `${path}/${children[0]}`);
    expect(data).toBe("10.1.0.1:80");
    expect(stat.ephemeralOwner.equals(Buffer.alloc(8))).toBe(false);
  });

  it("removes the node on deregister and can register again", async () => {
    const path = "/kit/reg/again";
    const r = registrar(path, "10.1.0.2:80");
    await r.register();
    const first = await zk.children(client, path);
    await r.deregister();
    expect(await zk.children(client, path)).toEqual([]);
    await r.register();
    const second = await zk.children(client, path);
    expect(second).toHaveLength(1);
    expect(second[0]).not.toBe(first[0]);
  });

  it("resolves deregister when nothing is registered", async () => {
    await expect(registrar("/kit/reg/none", "10.1.0.3:80").deregister()).resolves.toBeUndefined();
  });

  it("rejects register with unavailable when no server answers within connectTimeoutMs", async () => {
    const r = createZooKeeperRegistrar({
      connect: "127.0.0.1:1",
      path: "/x",
      instance: "10.1.0.4:80",
      connectTimeoutMs: 300,
      reconnectDelayMs: 100,
    });
    await expect(r.register()).rejects.toMatchObject({ code: "unavailable" });
    await r.deregister();
  });

  it("registers again by itself on a new session after the server restarted and the old session expired", async () => {
    const path = "/kit/reg/restart";
    const proxy = await startProxy(server.port);
    try {
      const watcher = record(watch(path));
      await registrar(path, "10.1.0.5:80", proxy.connect).register();
      const seen = await watcher.waitFor(including("10.1.0.5:80"), WAIT_MS);
      const after = (i: number) => (e: (typeof watcher.events)[number]) =>
        watcher.events.indexOf(e) > i;
      const [before] = await zk.children(client, path);
      proxy.block(); // the registrar cannot resume its session in time
      await server.restart();
      // A fresh test client: node-zookeeper-client may leave requests queued across a restart.
      closeClient(client);
      client = await rawClient(server.connect);
      // The restarted server expires the unreachable session: its node goes away.
      const gone = await watcher.waitFor(
        (e) => after(watcher.events.indexOf(seen))(e) && excluding("10.1.0.5:80")(e),
        3 * MAX_SESSION_MS,
      );
      const unblockedAt = Date.now();
      proxy.unblock();
      await watcher.waitFor(
        (e) => after(watcher.events.indexOf(gone))(e) && including("10.1.0.5:80")(e),
        WAIT_MS,
      );
      const now = await zk.children(client, path);
      expect(now).toHaveLength(1);
      expect(now[0]).not.toBe(before);
      // Back within the client's reconnect delay plus one backoff step (bounds in the README).
      expect(Date.now() - unblockedAt).toBeLessThan(3000);
    } finally {
      await proxy.close();
    }
  }, 60_000);

  it("loses its node within the session timeout when its process dies", async () => {
    const dist = join(__dirname, "..", "dist", "index.js");
    if (!existsSync(dist))
      throw new Error(`${dist} is missing: build the package first (turbo run build)`);
    const path = "/kit/reg/death";
    const watcher = record(watch(path));
    const script = `import(${JSON.stringify(pathToFileURL(dist).href)}).then(async ({ createZooKeeperRegistrar }) => {
      const r = createZooKeeperRegistrar({ connect: ${JSON.stringify(server.connect)}, path: ${JSON.stringify(path)},
        instance: "10.1.0.6:80", sessionTimeoutMs: ${MAX_SESSION_MS} });
      await r.register();
      process.stdout.write("registered\\n");
      setInterval(() => {}, 60_000);
    });`;
    let seen: (typeof watcher.events)[number] | undefined;
    const child = spawn(process.execPath, ["-e", script], { stdio: ["ignore", "pipe", "inherit"] });
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout?.on("data", (d) => {
          if (String(d).includes("registered")) resolve();
        });
        child.once("exit", (code) => reject(new Error(`registrar process exited with ${code}`)));
      });
      seen = await watcher.waitFor(including("10.1.0.6:80"), WAIT_MS);
    } finally {
      const exited = once(child, "exit");
      if (child.exitCode === null && child.pid !== undefined) process.kill(child.pid, "SIGKILL");
      await exited.catch(() => undefined);
    }
    const diedAt = Date.now();
    await watcher.waitFor(
      (e) =>
        watcher.events.indexOf(e) > watcher.events.indexOf(seen as never) &&
        excluding("10.1.0.6:80")(e),
      3 * MAX_SESSION_MS,
    );
    const elapsed = Date.now() - diedAt;
    // ZooKeeper expires a session between timeout and timeout + 2 ticks (tickTime 200 ms).
    expect(elapsed).toBeGreaterThan(MAX_SESSION_MS / 2); // not removed by the dying client
    expect(elapsed).toBeLessThan(MAX_SESSION_MS + 1000);
  }, 60_000);
});
