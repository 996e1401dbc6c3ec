import { KitError } from "@kit/endpoint";
import type { Instancer } from "@kit/endpoint/sd";
import { createInstanceCache } from "@kit/endpoint/sd";
import type { Etcd3, Watcher } from "etcd3";
import { createBackoff } from "./backoff.js";
import type { EtcdClientOptions } from "./client-options.js";
import { connect, resolveClientOptions } from "./client-options.js";

/** Options for {@link createEtcdInstancer}. */
export interface EtcdInstancerOptions extends EtcdClientOptions {
  /**
   * The key prefix the service's instances are registered under, for example
   * `"/services/addsvc/"`. Every key below it is one instance; its value is the address. Required.
   */
  prefix: string;
}

/**
 * Creates an {@link Instancer} that watches every key under `prefix` in etcd (go-kit's
 * `etcdv3.NewInstancer`). The instances are the keys' values.
 *
 * It reads the prefix once (a range get), then watches it from the revision after that read, so
 * every put, delete and lease expiry becomes a new instance set and none is missed. When etcd
 * cannot be reached (initially or when the watch stream breaks) it reports an error event, a
 * {@link KitError} `unavailable` with the cause; subscribers keep the last known instances. The
 * etcd3 watcher reconnects on its own and resumes at the next revision; if the watch is cancelled
 * (for example because that revision was compacted) the instancer reads the prefix again and
 * watches anew, retrying with exponential backoff and jitter (`retryMinMs`..`retryMaxMs`). The
 * first good read or reconnect after an error reports the instances again.
 *
 * `stop()` cancels the watch, clears its timers and closes its etcd client. Throws a TypeError
 * for bad options.
 *
 * @example
 * const instancer = createEtcdInstancer({ hosts: "http://127.0.0.1:2379", prefix: "/services/addsvc/" });
 * const endpointer = createEndpointer(instancer, factory);
 * // on shutdown
 * endpointer.close();
 * instancer.stop();
 */
export function createEtcdInstancer(options: EtcdInstancerOptions): Instancer {
  const resolved = resolveClientOptions("createEtcdInstancer", options);
  const { prefix } = options;
  if (typeof prefix !== "string" || prefix.length === 0) {
    throw new TypeError(`createEtcdInstancer: prefix must be a non-empty string, got ${prefix}`);
  }
  const { logger } = resolved;
  const cache = createInstanceCache({ logger });
  const backoff = createBackoff(resolved.retryMinMs, resolved.retryMaxMs);
  const client: Etcd3 = connect(resolved);
  /** Key → address, as of the watch's revision. */
  const kvs = new Map<string, string>();
  let watcher: Watcher | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  const publish = () => cache.update({ instances: [...kvs.values()] });
  const fail = (msg: string, cause: unknown) => {
    if (stopped) return;
    logger.log({ level: "warn", msg: `sd-etcd: ${msg}`, prefix, err: cause });
    cache.update({
      error: new KitError("unavailable", `etcd: ${msg} (prefix ${prefix})`, { cause }),
    });
  };

  const retryLater = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      timer = undefined;
      void sync();
    }, backoff.next());
  };

  /** Reads the prefix, then watches it from the next revision. */
  const sync = async (): Promise<void> => {
    let revision: string;
    try {
      const res = await client.getAll().prefix(prefix).exec();
      if (stopped) return;
      kvs.clear();
      for (const kv of res.kvs) kvs.set(kv.key.toString(), kv.value.toString());
      revision = res.header.revision;
    } catch (err) {
      fail("cannot read instances", err);
      retryLater();
      return;
    }
    publish();
    const next = (BigInt(revision) + 1n).toString();
    const w = client.watch().prefix(prefix).startRevision(next).watcher();
    watcher = w;
    w.on("put", (kv) => {
      if (watcher !== w) return;
      kvs.set(kv.key.toString(), kv.value.toString());
      publish();
    });
    w.on("delete", (kv) => {
      if (watcher !== w) return;
      kvs.delete(kv.key.toString());
      publish();
    });
    w.on("connected", () => {
      if (watcher !== w) return;
      backoff.reset();
      // Clears an error reported while disconnected; the cache drops it if nothing changed.
      publish();
    });
    w.on("disconnected", (err) => watcher === w && fail("watch disconnected, reconnecting", err));
    w.on("error", (err) => {
      // The watch was cancelled by etcd (e.g. compaction): read again and watch anew.
      if (watcher !== w) return;
      watcher = undefined;
      w.cancel().catch(() => undefined);
      fail("watch cancelled, resyncing", err);
      retryLater();
    });
  };

  void sync();

  return {
    subscribe: cache.subscribe,
    unsubscribe: cache.unsubscribe,
    stop() {
      if (stopped) return;
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      cache.stop();
      const w = watcher;
      watcher = undefined;
      if (!w) {
        client.close();
        return;
      }
      // Detach the watch before closing the client: a closed client with a watch still attached
      // would keep etcd3 reconnecting forever. Cancelling waits for etcd at most requestTimeoutMs.
      const timeout = new Promise<void>((resolve) =>
        setTimeout(resolve, resolved.requestTimeoutMs).unref(),
      );
      void Promise.race([w.cancel().catch(() => undefined), timeout]).finally(() => client.close());
    },
  };
}
