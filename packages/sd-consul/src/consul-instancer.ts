import type { Logger } from "@kit/endpoint";
import { isKitError, KitError, nopLogger } from "@kit/endpoint";
import type { Instancer } from "@kit/endpoint/sd";
import { createInstanceCache } from "@kit/endpoint/sd";
import type { BackoffOptions } from "./backoff.js";
import { abortableSleep, createBackoff } from "./backoff.js";
import { consulRequest, normalizeAddress } from "./consul-http.js";

/** Options for {@link createConsulInstancer}. */
export interface ConsulInstancerOptions {
  /** The Consul HTTP API, for example `"http://127.0.0.1:8500"`. Required. */
  address: string;
  /** The service name to watch. Required. */
  service: string;
  /**
   * Only instances carrying every one of these tags. The first goes to Consul as `tag=`, the
   * rest are filtered here (go-kit's behaviour, which works with every Consul version).
   * Default `[]`.
   */
  tags?: readonly string[];
  /** Only instances whose checks all pass (`?passing`). Default `true`. */
  passingOnly?: boolean;
  /** The datacenter to query (`?dc=`). Default: the agent's own. */
  datacenter?: string;
  /**
   * How long one blocking query may wait for a change, in seconds (`?wait=<n>s`): an integer in
   * [1, 240] (undici's fetch gives up on headers after 300 s). Default 60.
   */
  waitSec?: number;
  /** Receives `level: "warn"` records for failed queries. Default: `nopLogger`. */
  logger?: Logger;
  /**
   * The back-off between failed queries: equal jitter, each delay random in `[d/2, d]` with
   * `d = min(maxMs, initialMs * 2^n)`. Default `{ initialMs: 1000, maxMs: 30000 }`.
   */
  backoff?: BackoffOptions;
  /** Waits between attempts; resolves early when `signal` aborts. For tests. Default: a timer. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** A random number in [0, 1) for the jitter. For tests. Default: `Math.random`. */
  random?: () => number;
}

/** Headroom above `wait` before a blocking query counts as hung (Consul adds up to wait/16). */
const hangMarginMs = 10_000;

/**
 * Creates an {@link Instancer} for one Consul service (go-kit's `consul.NewInstancer`): it
 * long-polls `GET /v1/health/service/<service>` with blocking queries and reports each
 * instance as `Service.Address` (or `Node.Address` when empty) `:` `Service.Port`.
 *
 * Index handling follows Consul's "blocking queries" guidance: the next query sends the
 * `X-Consul-Index` of the last answer; an index that went backwards resets to 0 (one
 * non-blocking query); an index of 0 or none at all becomes 1, so a broken index cannot turn
 * into a busy loop (go-kit's bug). An answer that comes back early with an unchanged index is
 * also treated as a failure to block and waits out a back-off delay.
 *
 * A failed query (Consul down, HTTP 5xx, bad JSON) is reported as an error event carrying a
 * KitError `unavailable` with the cause; subscribers keep the last instances. It is retried
 * after an exponential back-off with jitter, starting with a non-blocking query so that
 * recovery is reported at once. `stop()` aborts the query in flight and clears every timer.
 * Throws a TypeError for bad options.
 *
 * @example
 * const instancer = createConsulInstancer({ address: "http://127.0.0.1:8500", service: "addsvc" });
 * const endpointer = createEndpointer(instancer, factory, { logger });
 * // on shutdown
 * endpointer.close();
 * instancer.stop();
 */
export function createConsulInstancer(options: ConsulInstancerOptions): Instancer {
  const fn = "createConsulInstancer";
  const {
    service,
    tags = [],
    passingOnly = true,
    datacenter,
    waitSec = 60,
    logger = nopLogger,
    backoff: { initialMs = 1000, maxMs = 30_000 } = {},
    sleep = abortableSleep,
    random = Math.random,
  } = options ?? ({} as ConsulInstancerOptions);
  const address = normalizeAddress(fn, options?.address);
  if (typeof service !== "string" || service.length === 0) {
    throw new TypeError(`${fn}: service must be a non-empty string`);
  }
  if (!Array.isArray(tags) || tags.some((t) => typeof t !== "string" || t.length === 0)) {
    throw new TypeError(`${fn}: tags must be an array of non-empty strings`);
  }
  if (typeof passingOnly !== "boolean") throw new TypeError(`${fn}: passingOnly must be a boolean`);
  if (datacenter !== undefined && (typeof datacenter !== "string" || datacenter.length === 0)) {
    throw new TypeError(`${fn}: datacenter must be a non-empty string`);
  }
  if (!Number.isInteger(waitSec) || waitSec < 1 || waitSec > 240) {
    throw new TypeError(`${fn}: waitSec must be an integer in [1, 240], got ${waitSec}`);
  }
  if (typeof logger?.log !== "function") {
    throw new TypeError(`${fn}: logger must have a log(fields) method`);
  }
  if (
    !(Number.isFinite(initialMs) && initialMs > 0 && Number.isFinite(maxMs) && maxMs >= initialMs)
  ) {
    throw new TypeError(`${fn}: backoff needs 0 < initialMs <= maxMs, both finite`);
  }
  if (typeof sleep !== "function" || typeof random !== "function") {
    throw new TypeError(`${fn}: sleep and random must be functions`);
  }

  const base = new URL(`${address}/v1/health/service/${encodeURIComponent(service)}`);
  if (passingOnly) base.searchParams.set("passing", "1");
  if (tags[0] !== undefined) base.searchParams.set("tag", tags[0]);
  if (datacenter !== undefined) base.searchParams.set("dc", datacenter);
  base.searchParams.set("wait", `${waitSec}s`);
  const waitMs = waitSec * 1000;

  const cache = createInstanceCache({ logger });
  const backoff = createBackoff(initialMs, maxMs, random);
  const life = new AbortController();

  const query = async (index: number): Promise<{ instances: string[]; index: number }> => {
    const url = new URL(base);
    url.searchParams.set("index", String(index));
    const request = new AbortController();
    const onStop = () => request.abort(life.signal.reason);
    life.signal.addEventListener("abort", onStop, { once: true });
    const hung = setTimeout(
      () => request.abort(new Error("blocking query hung")),
      waitMs + waitMs / 16 + hangMarginMs,
    );
    try {
      const res = await consulRequest("GET", url.href, request.signal);
      return { instances: toInstances(res.body, tags), index: nextIndex(index, res.index) };
    } catch (err) {
      if (isKitError(err) && err.code === "canceled" && !life.signal.aborted) {
        throw new KitError("unavailable", "consul blocking query hung", { cause: err });
      }
      throw err;
    } finally {
      clearTimeout(hung);
      life.signal.removeEventListener("abort", onStop);
    }
  };

  const loop = async (): Promise<void> => {
    let index = 0;
    while (!life.signal.aborted) {
      const started = Date.now();
      try {
        const result = await query(index);
        if (life.signal.aborted) return;
        cache.update({ instances: result.instances });
        const early = result.index === index && index > 0 && Date.now() - started < waitMs / 2;
        index = result.index;
        if (early) {
          const ms = backoff.next();
          logger.log({ level: "warn", msg: "consul: blocking query did not block", service, ms });
          await sleep(ms, life.signal);
        } else {
          backoff.reset();
        }
      } catch (err) {
        if (life.signal.aborted) return;
        const error = isKitError(err)
          ? err
          : new KitError("unavailable", "consul query failed", { cause: err });
        const ms = backoff.next();
        logger.log({
          level: "warn",
          msg: "consul: query failed",
          service,
          err: error,
          retry_ms: ms,
        });
        cache.update({ error });
        index = 0;
        await sleep(ms, life.signal);
      }
    }
  };
  void loop();

  return {
    subscribe: cache.subscribe,
    unsubscribe: cache.unsubscribe,
    stop() {
      if (life.signal.aborted) return;
      life.abort();
      cache.stop();
    },
  };
}

/**
 * The index for the next blocking query, per Consul's guidance: reset to 0 when it went
 * backwards, at least 1 otherwise (a missing or zero index would make every query return at once).
 */
export function nextIndex(sent: number, received: number | undefined): number {
  if (received === undefined || received < 1) return 1;
  if (received < sent) return 0;
  return received;
}

interface HealthEntry {
  Node?: { Address?: unknown };
  Service?: { Address?: unknown; Port?: unknown; Tags?: unknown };
}

function toInstances(body: unknown, tags: readonly string[]): string[] {
  if (!Array.isArray(body)) {
    throw new KitError("unavailable", "consul health answer is not an array");
  }
  const out: string[] = [];
  for (const entry of body as HealthEntry[]) {
    const svc = entry?.Service;
    if (!svc || typeof svc.Port !== "number") continue;
    const have = Array.isArray(svc.Tags) ? (svc.Tags as unknown[]) : [];
    if (!tags.every((t) => have.includes(t))) continue;
    const host =
      typeof svc.Address === "string" && svc.Address !== ""
        ? svc.Address
        : typeof entry.Node?.Address === "string"
          ? entry.Node.Address
          : "";
    if (host === "") continue;
    out.push(host.includes(":") ? `[${host}]:${svc.Port}` : `${host}:${svc.Port}`);
  }
  return out;
}
