import { isKitError } from "@kit/endpoint";
import type { Event, Instancer } from "@kit/endpoint/sd";
import type { EventRecorder } from "@kit/sd-conformance";
import { anError, excluding, including, record } from "@kit/sd-conformance";
import { type EtcdMember, freePort, startEtcd, startEtcdCluster } from "@kit/test-servers";
import { Etcd3 } from "etcd3";
import { createEtcdInstancer, createEtcdRegistrar } from "../src/index.js";

const fast = { retryMinMs: 50, retryMaxMs: 500 };

/** Waits for an event, received from now on, that matches `predicate`. */
function next(watcher: EventRecorder, predicate: (event: Event) => boolean, timeoutMs = 10_000) {
  const from = watcher.events.length;
  return watcher.waitFor((e) => watcher.events.indexOf(e) >= from && predicate(e), timeoutMs);
}
let prefixes = 0;
const nextPrefix = () => `/services/instancer-${prefixes++}/`;

describe("createEtcdInstancer", () => {
  let etcd: EtcdMember;
  let client: Etcd3;
  const stops: (() => unknown)[] = [];
  const instancer = (prefix: string, hosts: string | string[] = etcd.url): Instancer => {
    const made = createEtcdInstancer({ hosts, prefix, ...fast });
    stops.push(() => made.stop());
    return made;
  };

  beforeAll(async () => {
    etcd = await startEtcd();
    client = new Etcd3({ hosts: etcd.url });
  }, 30_000);
  afterEach(async () => {
    for (const stop of stops.splice(0).reverse()) await stop();
  });
  afterAll(async () => {
    client?.close();
    await etcd?.close();
  });

  it("rejects bad options with a TypeError at construction", () => {
    const bad = (options: object) => () =>
      createEtcdInstancer(options as Parameters<typeof createEtcdInstancer>[0]);
    expect(bad({ prefix: "/s/" })).toThrow(TypeError);
    expect(bad({ hosts: "127.0.0.1:2379", prefix: "/s/" })).toThrow(/hosts/);
    expect(bad({ hosts: "http://127.0.0.1:2379", prefix: "" })).toThrow(/prefix/);
    expect(bad({ hosts: "http://127.0.0.1:2379", prefix: "/s/", retryMinMs: 0 })).toThrow(
      /retryMinMs/,
    );
    expect(
      bad({ hosts: "http://127.0.0.1:2379", prefix: "/s/", retryMinMs: 10, retryMaxMs: 5 }),
    ).toThrow(/retryMaxMs/);
    expect(bad({ hosts: "http://127.0.0.1:2379", prefix: "/s/", logger: {} })).toThrow(/logger/);
  });

  it("reports the values already stored under the prefix, and nothing outside it", async () => {
    const prefix = nextPrefix();
    await client.put(`${prefix}b`).value("10.0.0.2:80");
    await client.put(`${prefix}a`).value("10.0.0.1:80");
    await client.put(`${prefix.slice(0, -1)}x/c`).value("10.0.0.9:80");
    const watcher = record(instancer(prefix));
    const first = await watcher.waitFor(including("10.0.0.1:80"), 10_000);
    expect(first.instances).toEqual(["10.0.0.1:80", "10.0.0.2:80"]);
  });

  it("turns every put and delete under the prefix into a new instance set", async () => {
    const prefix = nextPrefix();
    await client.put(`${prefix}a`).value("10.0.0.1:80");
    const watcher = record(instancer(prefix));
    await watcher.waitFor(including("10.0.0.1:80"), 10_000);
    let pending = next(watcher, including("10.0.0.1:80", "10.0.0.2:80"));
    await client.put(`${prefix}b`).value("10.0.0.2:80");
    await pending;
    pending = next(watcher, including("10.0.0.3:80"));
    await client.put(`${prefix}a`).value("10.0.0.3:80");
    const moved = await pending;
    expect(moved.instances).toEqual(["10.0.0.2:80", "10.0.0.3:80"]);
    pending = next(watcher, excluding("10.0.0.1:80", "10.0.0.2:80"));
    await client.delete().key(`${prefix}b`);
    const last = await pending;
    expect(last.instances).toEqual(["10.0.0.3:80"]);
  });

  it("drops an instance whose lease expires within ttl + 1 s of its last keepalive", async () => {
    const prefix = nextPrefix();
    const ttlSec = 2;
    const watcher = record(instancer(prefix));
    const owner = new Etcd3({ hosts: etcd.url });
    try {
      const lease = owner.lease(ttlSec);
      let lastKeepAlive = Date.now();
      lease.on("keepaliveSucceeded", () => {
        lastKeepAlive = Date.now();
      });
      await lease.put(`${prefix}gone`).value("10.0.0.7:80");
      await watcher.waitFor(including("10.0.0.7:80"), 10_000);
      // The process "dies": its keepalives stop, nobody revokes the lease.
      const gone = next(watcher, excluding("10.0.0.7:80"), ttlSec * 1_000 + 5_000);
      lease.release();
      await gone;
      const afterKeepAliveMs = Date.now() - lastKeepAlive;
      // etcd checks expiry every 500 ms; the watch event adds a few ms.
      expect(afterKeepAliveMs).toBeGreaterThanOrEqual(ttlSec * 1_000 - 100);
      expect(afterKeepAliveMs).toBeLessThan(ttlSec * 1_000 + 1_000);
    } finally {
      owner.close();
    }
  });

  it("reports an unreachable etcd as a KitError unavailable with its cause", async () => {
    const port = await freePort();
    const watched = createEtcdInstancer({
      hosts: `http://127.0.0.1:${port}`,
      prefix: "/services/nowhere/",
      requestTimeoutMs: 500,
      ...fast,
    });
    stops.push(() => watched.stop());
    const watcher = record(watched);
    const failure = await watcher.waitFor(anError, 10_000);
    expect(isKitError(failure.error) && failure.error.code).toBe("unavailable");
    expect(failure.error?.cause).toBeDefined();
  });

  it("misses no event written while its watch was disconnected", async () => {
    const prefix = nextPrefix();
    await client.put(`${prefix}stays`).value("10.0.0.1:80");
    await client.put(`${prefix}goes`).value("10.0.0.2:80");
    const watcher = record(instancer(prefix));
    await watcher.waitFor(including("10.0.0.1:80", "10.0.0.2:80"), 10_000);
    await etcd.kill();
    await watcher.waitFor(anError, 10_000);
    await etcd.restart();
    // Written at once, most likely before the watch has reconnected.
    const writer = new Etcd3({ hosts: etcd.url });
    try {
      await writer.delete().key(`${prefix}goes`);
      await writer.put(`${prefix}new`).value("10.0.0.3:80");
    } finally {
      writer.close();
    }
    const errorAt = watcher.events.findIndex(anError);
    const resumed = await watcher.waitFor(
      (e) => watcher.events.indexOf(e) > errorAt && including("10.0.0.3:80")(e),
      10_000,
    );
    expect(resumed.instances).toEqual(["10.0.0.1:80", "10.0.0.3:80"]);
  }, 30_000);

  it("delivers nothing after stop()", async () => {
    const prefix = nextPrefix();
    const stopped = createEtcdInstancer({ hosts: etcd.url, prefix, ...fast });
    const quiet = record(stopped);
    const live = record(instancer(prefix));
    await live.waitFor(excluding("x"), 10_000);
    stopped.stop();
    stopped.stop();
    const seen = quiet.events.length;
    await client.put(`${prefix}a`).value("10.0.0.1:80");
    await live.waitFor(including("10.0.0.1:80"), 10_000);
    expect(quiet.events).toHaveLength(seen);
  });
});

describe("createEtcdInstancer and createEtcdRegistrar against a 3-member cluster", () => {
  let members: EtcdMember[] = [];
  beforeAll(async () => {
    members = await startEtcdCluster(3);
  }, 30_000);
  afterAll(async () => {
    await Promise.all(members.map((m) => m.close()));
  });

  it("keep discovering and registering while each member in turn is killed", async () => {
    const hosts = members.map((m) => m.url);
    const prefix = "/services/clustered/";
    const common = { hosts, prefix, ...fast };
    const watched = createEtcdInstancer(common);
    const watcher = record(watched);
    const registrars = members.map((_, i) =>
      createEtcdRegistrar({ ...common, id: `r${i}`, instance: `10.0.0.${i}:80`, ttlSec: 2 }),
    );
    try {
      // Whichever member the clients use, it is down during one round.
      for (const [i, down] of members.entries()) {
        await down.kill();
        await registrars[i]?.register();
        const wanted = members.map((_, j) => `10.0.0.${j}:80`).slice(0, i + 1);
        await watcher.waitFor(including(...wanted), 10_000);
        await down.restart();
      }
      const dropped = next(watcher, excluding("10.0.0.0:80"));
      await registrars[0]?.deregister();
      const last = await dropped;
      expect(last.instances).toEqual(["10.0.0.1:80", "10.0.0.2:80"]);
    } finally {
      watched.stop();
      for (const r of registrars) await r.deregister().catch(() => undefined);
    }
  }, 30_000);
});
