import { KitError } from "@kit/endpoint";
import type { Registrar } from "@kit/endpoint/sd";
import type { Etcd3, Lease } from "etcd3";
import { createBackoff } from "./backoff.js";
import type { EtcdClientOptions } from "./client-options.js";
import { connect, resolveClientOptions } from "./client-options.js";

/** Options for {@link createEtcdRegistrar}. */
export interface EtcdRegistrarOptions extends EtcdClientOptions {
  /** The service's key prefix, the one its instancers watch, e.g. `"/services/addsvc/"`. Required. */
  prefix: string;
  /** This instance's id, unique within the service; the key is `prefix + id`. Required. */
  id: string;
  /** The address clients should call, e.g. `"10.0.0.1:8080"`; stored as the key's value. Required. */
  instance: string;
  /**
   * Time to live of the lease the key is attached to, in whole seconds (>= 1). The lease is kept
   * alive every `ttlSec / 3` seconds; if this process dies, etcd deletes the key about `ttlSec`
   * later. Default 10.
   */
  ttlSec?: number;
}

/**
 * Creates a {@link Registrar} that puts `prefix + id` = `instance` into etcd under a lease with
 * `ttlSec` and keeps the lease alive (go-kit's `etcdv3.NewRegistrar`).
 *
 * `register()` grants the lease and writes the key; it rejects with a {@link KitError}
 * `unavailable` (cause attached) when etcd cannot be reached, and then leaves nothing behind.
 * Once registered, if the lease is lost (etcd said it expired or was revoked, or keepalives
 * failed for twice the TTL, e.g. during a long outage) the registrar logs a warning and
 * registers again by itself with a new lease, retrying with exponential backoff and jitter
 * (`retryMinMs`..`retryMaxMs`) until etcd accepts it or `deregister()` is called.
 * `register()` on a registered registrar does nothing.
 *
 * `deregister()` stops the retries and keepalives, revokes the lease and deletes the key, then
 * closes the etcd client; it rejects with a KitError `unavailable` when etcd cannot be reached
 * (the key then expires with its lease). Registering again afterwards is allowed.
 *
 * @example
 * const registrar = createEtcdRegistrar({
 *   hosts: ["http://10.0.0.5:2379", "http://10.0.0.6:2379", "http://10.0.0.7:2379"],
 *   prefix: "/services/addsvc/", id: "addsvc-1", instance: "10.0.0.1:8080", ttlSec: 10, logger,
 * });
 * await registrar.register();
 * process.once("SIGTERM", () => void registrar.deregister());
 */
export function createEtcdRegistrar(options: EtcdRegistrarOptions): Registrar {
  const resolved = resolveClientOptions("createEtcdRegistrar", options);
  const { prefix, id, instance, ttlSec = 10 } = options;
  for (const [name, value] of [
    ["prefix", prefix],
    ["id", id],
    ["instance", instance],
  ] as const) {
    if (typeof value !== "string" || value.length === 0) {
      throw new TypeError(`createEtcdRegistrar: ${name} must be a non-empty string, got ${value}`);
    }
  }
  if (!Number.isInteger(ttlSec) || ttlSec < 1) {
    throw new TypeError(`createEtcdRegistrar: ttlSec must be an integer >= 1, got ${ttlSec}`);
  }
  const { logger } = resolved;
  const key = prefix + id;
  const backoff = createBackoff(resolved.retryMinMs, resolved.retryMaxMs);

  let client: Etcd3 | undefined;
  let lease: Lease | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  /** Bumped by deregister(), so a re-registration in flight knows it is stale. */
  let generation = 0;
  let registering: Promise<void> | undefined;

  const unavailable = (msg: string, cause: unknown) =>
    new KitError("unavailable", `etcd: ${msg} ${key}`, { cause });

  /** Grants a lease and writes the key; on failure releases the lease and throws. */
  const attempt = async (c: Etcd3, gen: number): Promise<void> => {
    const l = c.lease(ttlSec);
    l.on("lost", (err) => {
      if (lease === l) onLost(c, gen, err);
    });
    try {
      await l.put(key).value(instance);
    } catch (err) {
      l.release();
      throw err;
    }
    if (gen !== generation) {
      l.release();
      return;
    }
    lease = l;
    backoff.reset();
  };

  const onLost = (c: Etcd3, gen: number, err: unknown) => {
    lease = undefined;
    logger.log({ level: "warn", msg: "sd-etcd: lease lost, registering again", key, err });
    const retry = () => {
      timer = setTimeout(() => {
        timer = undefined;
        if (gen !== generation) return;
        attempt(c, gen).then(
          () => {
            if (gen === generation) {
              logger.log({ level: "info", msg: "sd-etcd: registered again", key, instance });
            }
          },
          (cause: unknown) => {
            if (gen !== generation) return;
            logger.log({
              level: "warn",
              msg: "sd-etcd: register failed, retrying",
              key,
              err: cause,
            });
            retry();
          },
        );
      }, backoff.next());
    };
    retry();
  };

  return {
    register() {
      if (registering) return registering;
      if (client) return Promise.resolve();
      const c = connect(resolved);
      const gen = generation;
      registering = attempt(c, gen).then(
        () => {
          registering = undefined;
          if (gen === generation) client = c;
          else c.close();
        },
        (cause: unknown) => {
          registering = undefined;
          c.close();
          throw unavailable("cannot register", cause);
        },
      );
      return registering;
    },
    async deregister() {
      generation++;
      if (registering) await registering.catch(() => undefined);
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      const c = client;
      const l = lease;
      client = undefined;
      lease = undefined;
      if (!c) return;
      try {
        if (l) await l.revoke();
        await c.delete().key(key).exec();
      } catch (cause) {
        throw unavailable("cannot deregister", cause);
      } finally {
        c.close();
      }
    },
  };
}
