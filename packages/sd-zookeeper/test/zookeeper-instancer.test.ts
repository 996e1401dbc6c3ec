import type { Instancer } from "@kit/endpoint/sd";
import { anError, excluding, including, record } from "@kit/sd-conformance";
import {
  MAX_SESSION_MS,
  MIN_SESSION_MS,
  startZooKeeper,
  type ZooKeeperServer,
} from "@kit/test-servers";
import type { Client } from "node-zookeeper-client";
import { createZooKeeperInstancer } from "../src/index.js";
import { closeClient } from "../src/zk-session.js";
import { startProxy } from "./support/proxy.js";
import { rawClient, zk } from "./support/raw-client.js";

const fast = { sessionTimeoutMs: 2000, reconnectDelayMs: 200, maxBackoffMs: 1000 };
const WAIT_MS = 10_000;

let server: ZooKeeperServer;
let client: Client;
const started: Instancer[] = [];
const watch = (path: string): Instancer => {
  const instancer = createZooKeeperInstancer({ connect: server.connect, path, ...fast });
  started.push(instancer);
  return instancer;
};

beforeAll(async () => {
  server = await startZooKeeper();
  client = await rawClient(server.connect);
}, 60_000);
afterEach(() => {
  for (const instancer of started.splice(0)) instancer.stop();
});
afterAll(async () => {
  if (client) closeClient(client);
  await server?.stop();
}, 60_000);

describe("createZooKeeperInstancer", () => {
  it("rejects bad options with a TypeError", () => {
    const ok = { connect: "127.0.0.1:2181", path: "/a" };
    expect(() => createZooKeeperInstancer({ ...ok, connect: "" })).toThrow(TypeError);
    expect(() => createZooKeeperInstancer({ ...ok, path: "relative" })).toThrow(TypeError);
    expect(() => createZooKeeperInstancer({ ...ok, path: "/trailing/" })).toThrow(TypeError);
    expect(() => createZooKeeperInstancer({ ...ok, sessionTimeoutMs: 0 })).toThrow(TypeError);
    expect(() => createZooKeeperInstancer({ ...ok, maxBackoffMs: Number.NaN })).toThrow(TypeError);
    expect(() => createZooKeeperInstancer({ ...ok, logger: {} as never })).toThrow(TypeError);
  });

  it("creates a missing path and reports it as empty", async () => {
    const watcher = record(watch("/kit/inst/missing/deep"));
    await watcher.waitFor((e) => e.instances !== undefined && e.instances.length === 0, WAIT_MS);
    const deadline = Date.now() + WAIT_MS;
    while (!(await zk.exists(client, "/kit/inst/missing/deep"))) {
      if (Date.now() > deadline) throw new Error("path was not created");
      await new Promise((r) => setTimeout(r, 50));
    }
  });

  it("reports each child's data as an instance and follows every change", async () => {
    const path = "/kit/inst/follow";
    await zk.mkdirp(client, path);
    await zk.create(client, `${path}/a`, "10.0.0.1:80");
    const watcher = record(watch(path));
    await watcher.waitFor(including("10.0.0.1:80"), WAIT_MS);
    // Several changes in a row: the watch is re-armed after each.
    await zk.create(client, `${path}/b`, "10.0.0.2:80");
    await watcher.waitFor(including("10.0.0.1:80", "10.0.0.2:80"), WAIT_MS);
    await zk.remove(client, `${path}/a`);
    await watcher.waitFor(
      (e) => e.instances?.length === 1 && e.instances[0] === "10.0.0.2:80",
      WAIT_MS,
    );
    await zk.create(client, `${path}/c`, "");
    await zk.create(client, `${path}/d`, "10.0.0.4:80");
    const last = await watcher.waitFor(including("10.0.0.4:80"), WAIT_MS);
    expect(last.instances).toEqual(["10.0.0.2:80", "10.0.0.4:80"]); // empty data is ignored
  });

  it("reports a dead server as unavailable, keeps the instances, and re-arms the watch after reconnecting", async () => {
    const path = "/kit/inst/outage";
    await zk.mkdirp(client, path);
    await zk.create(client, `${path}/a`, "10.0.1.1:80");
    const instancer = watch(path);
    const watcher = record(instancer);
    await watcher.waitFor(including("10.0.1.1:80"), WAIT_MS);
    await server.kill();
    let errorAt: number;
    try {
      const failure = await watcher.waitFor(anError, WAIT_MS);
      expect(failure.error).toMatchObject({ code: "unavailable" });
      errorAt = watcher.events.indexOf(failure);
      const late = record(instancer);
      expect(late.events[0]?.instances).toEqual(["10.0.1.1:80"]);
    } finally {
      await server.restart();
    }
    // A fresh test client: node-zookeeper-client may leave requests queued across a restart.
    closeClient(client);
    client = await rawClient(server.connect);
    // The raw client reconnects too; a change made now must reach the instancer's re-armed watch.
    await zk.create(client, `${path}/b`, "10.0.1.2:80");
    await watcher.waitFor(
      (e) => watcher.events.indexOf(e) > errorAt && including("10.0.1.1:80", "10.0.1.2:80")(e),
      WAIT_MS,
    );
    await zk.remove(client, `${path}/a`);
    await watcher.waitFor(excluding("10.0.1.1:80"), WAIT_MS);
  }, 60_000);

  it("starts a new session and re-reads when its session expired", async () => {
    const path = "/kit/inst/expiry";
    await zk.mkdirp(client, path);
    await zk.create(client, `${path}/a`, "10.0.2.1:80");
    const proxy = await startProxy(server.port);
    try {
      // The shortest session the server allows, so it surely ends before the marker's below.
      const instancer = createZooKeeperInstancer({
        ...fast,
        connect: proxy.connect,
        path,
        sessionTimeoutMs: MIN_SESSION_MS,
      });
      started.push(instancer);
      const watcher = record(instancer);
      await watcher.waitFor(including("10.0.2.1:80"), WAIT_MS);
      const markerClient = await rawClient(proxy.connect); // a MAX_SESSION_MS session
      const marker = await zk.ephemeral(markerClient, `${path}-marker`);
      proxy.block(); // the server stays up and expires the session after MAX_SESSION_MS
      const failure = await watcher.waitFor(anError, WAIT_MS);
      const errorAt = watcher.events.indexOf(failure);
      await zk.create(client, `${path}/b`, "10.0.2.2:80"); // a change the old watch cannot see
      await zk.gone(client, marker, 3 * MAX_SESSION_MS); // so the instancer's session is gone too
      closeClient(markerClient);
      proxy.unblock();
      await watcher.waitFor(
        (e) => watcher.events.indexOf(e) > errorAt && including("10.0.2.1:80", "10.0.2.2:80")(e),
        WAIT_MS,
      );
      expect(watcher.events.some((e) => e.error?.message.includes("session expired"))).toBe(true);
      await zk.remove(client, `${path}/a`); // the new session's watch is armed
      await watcher.waitFor(excluding("10.0.2.1:80"), WAIT_MS);
    } finally {
      await proxy.close();
    }
  }, 60_000);

  it("reports an unreachable server within connectTimeoutMs", async () => {
    const instancer = createZooKeeperInstancer({
      connect: "127.0.0.1:1",
      path: "/x",
      connectTimeoutMs: 300,
      reconnectDelayMs: 100,
    });
    started.push(instancer);
    const watcher = record(instancer);
    const failure = await watcher.waitFor(anError, 5000);
    expect(failure.error).toMatchObject({ code: "unavailable" });
  });

  it("delivers nothing after stop()", async () => {
    const path = "/kit/inst/stop";
    await zk.mkdirp(client, path);
    const instancer = watch(path);
    const watcher = record(instancer);
    await watcher.waitFor((e) => e.instances !== undefined, WAIT_MS);
    instancer.stop();
    const seen = watcher.events.length;
    await zk.create(client, `${path}/a`, "10.0.3.1:80");
    const other = record(watch(path));
    await other.waitFor(including("10.0.3.1:80"), WAIT_MS);
    expect(watcher.events).toHaveLength(seen);
  });
});
