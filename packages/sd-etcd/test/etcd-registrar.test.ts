import type { Logger } from "@kit/endpoint";
import { isKitError } from "@kit/endpoint";
import type { Event } from "@kit/endpoint/sd";
import type { EventRecorder } from "@kit/sd-conformance";
import { anError, excluding, including, record } from "@kit/sd-conformance";
import { type EtcdMember, freePort, startEtcd } from "@kit/test-servers";
import { Etcd3 } from "etcd3";
import { createEtcdInstancer, createEtcdRegistrar } from "../src/index.js";

const fast = { retryMinMs: 50, retryMaxMs: 500 };
let prefixes = 0;
const nextPrefix = () => `/services/registrar-${prefixes++}/`;

/** Waits for an event, received from now on, that matches `predicate`. */
function next(watcher: EventRecorder, predicate: (event: Event) => boolean, timeoutMs = 10_000) {
  const from = watcher.events.length;
  return watcher.waitFor((e) => watcher.events.indexOf(e) >= from && predicate(e), timeoutMs);
}

/** A logger whose records can be awaited by message. */
function recordingLogger() {
  const records: Record<string, unknown>[] = [];
  const waiters = new Set<() => void>();
  const logger: Logger = {
    log(fields) {
      records.push(fields);
      for (const wake of waiters) wake();
    },
  };
  const waitFor = (msg: string, from: number, timeoutMs: number) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (!records.slice(from).some((r) => r.msg === msg)) return;
        clearTimeout(timer);
        waiters.delete(check);
        resolve();
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`no "${msg}" log within ${timeoutMs} ms: ${JSON.stringify(records)}`));
      }, timeoutMs);
      waiters.add(check);
      check();
    });
  return { logger, records, waitFor };
}

describe("createEtcdRegistrar", () => {
  let etcd: EtcdMember;
  let client: Etcd3;
  const cleanups: (() => unknown)[] = [];

  beforeAll(async () => {
    etcd = await startEtcd();
    client = new Etcd3({ hosts: etcd.url });
  }, 30_000);
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  afterAll(async () => {
    client?.close();
    await etcd?.close();
  });

  const watch = (prefix: string) => {
    const made = createEtcdInstancer({ hosts: etcd.url, prefix, ...fast });
    cleanups.push(() => made.stop());
    return record(made);
  };

  it("rejects bad options with a TypeError at construction", () => {
    const ok = { hosts: "http://127.0.0.1:2379", prefix: "/s/", id: "a", instance: "h:1" };
    const bad = (options: object) => () =>
      createEtcdRegistrar({ ...ok, ...options } as Parameters<typeof createEtcdRegistrar>[0]);
    expect(bad({})).not.toThrow();
    expect(bad({ hosts: [] })).toThrow(/hosts/);
    expect(bad({ prefix: "" })).toThrow(/prefix/);
    expect(bad({ id: undefined })).toThrow(/id/);
    expect(bad({ instance: 7 })).toThrow(/instance/);
    expect(bad({ ttlSec: 0.5 })).toThrow(/ttlSec/);
    expect(bad({ requestTimeoutMs: -1 })).toThrow(/requestTimeoutMs/);
  });

  it("writes prefix + id = instance under a lease with ttlSec, and removes it on deregister", async () => {
    const prefix = nextPrefix();
    const registrar = createEtcdRegistrar({
      hosts: etcd.url,
      prefix,
      id: "one",
      instance: "10.0.0.1:80",
      ttlSec: 7,
    });
    await registrar.register();
    cleanups.push(() => registrar.deregister());
    await registrar.register(); // a second call changes nothing
    const res = await client.get(`${prefix}one`).exec();
    expect(res.kvs.map((kv) => kv.value.toString())).toEqual(["10.0.0.1:80"]);
    const leaseId = res.kvs[0]?.lease;
    expect(leaseId).not.toBe("0");
    const leases = await client.leaseClient.leaseTimeToLive({ ID: leaseId ?? "0" });
    expect(leases.grantedTTL).toBe("7");
    await registrar.deregister();
    expect(await client.get(`${prefix}one`).string()).toBeNull();
    const after = await client.leaseClient.leaseTimeToLive({ ID: leaseId ?? "0" });
    expect(after.TTL).toBe("-1"); // revoked
  });

  it("rejects register() with a KitError unavailable when etcd cannot be reached", async () => {
    const port = await freePort();
    const registrar = createEtcdRegistrar({
      hosts: `http://127.0.0.1:${port}`,
      prefix: "/s/",
      id: "a",
      instance: "10.0.0.1:80",
      requestTimeoutMs: 500,
      ...fast,
    });
    const err = await registrar.register().catch((e: unknown) => e);
    expect(isKitError(err) && err.code).toBe("unavailable");
    expect((err as Error).cause).toBeDefined();
    await expect(registrar.deregister()).resolves.toBeUndefined();
  });

  it("registers again by itself when its lease is revoked behind its back", async () => {
    const prefix = nextPrefix();
    const { logger, records, waitFor } = recordingLogger();
    const watcher = watch(prefix);
    const registrar = createEtcdRegistrar({
      hosts: etcd.url,
      prefix,
      id: "self",
      instance: "10.0.0.5:80",
      ttlSec: 5,
      logger,
      ...fast,
    });
    await registrar.register();
    cleanups.push(() => registrar.deregister());
    await watcher.waitFor(including("10.0.0.5:80"), 10_000);
    const lease = (await client.get(`${prefix}self`).exec()).kvs[0]?.lease ?? "0";
    const gone = next(watcher, excluding("10.0.0.5:80"));
    await client.leaseClient.leaseRevoke({ ID: lease });
    await gone;
    const back = next(watcher, including("10.0.0.5:80"));
    await waitFor("sd-etcd: registered again", 0, 10_000);
    await back;
    expect(records.map((r) => r.msg)).toContain("sd-etcd: lease lost, registering again");
    const now = (await client.get(`${prefix}self`).exec()).kvs[0]?.lease;
    expect(now).not.toBe(lease);
  });

  it("re-appears by itself after etcd is killed for longer than its lease and restarted", async () => {
    const prefix = nextPrefix();
    const ttlSec = 1;
    const { logger, records, waitFor } = recordingLogger();
    const watcher = watch(prefix);
    const registrar = createEtcdRegistrar({
      hosts: etcd.url,
      prefix,
      id: "phoenix",
      instance: "10.0.0.6:80",
      ttlSec,
      logger,
      requestTimeoutMs: 1_000,
      ...fast,
    });
    await registrar.register();
    cleanups.push(() => registrar.deregister());
    await watcher.waitFor(including("10.0.0.6:80"), 10_000);
    const from = records.length;
    await etcd.kill();
    await watcher.waitFor(anError, 10_000);
    // etcd3 declares the lease lost after 2 × ttl without a keepalive.
    await waitFor("sd-etcd: lease lost, registering again", from, 2_000 * ttlSec + 5_000);
    const errorAt = watcher.events.findIndex(anError);
    await etcd.restart();
    await waitFor("sd-etcd: registered again", from, 10_000);
    await watcher.waitFor(
      (e) => watcher.events.indexOf(e) > errorAt && including("10.0.0.6:80")(e),
      10_000,
    );
    expect(await client.get(`${prefix}phoenix`).string()).toBe("10.0.0.6:80");
  }, 30_000);
});
