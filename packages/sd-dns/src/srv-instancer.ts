import type { Logger } from "@kit/endpoint";
import { KitError, nopLogger } from "@kit/endpoint";
import type { Instancer } from "@kit/endpoint/sd";
import { createInstanceCache } from "@kit/endpoint/sd";
import type { SrvAnswer } from "./dns-message.js";
import type { SrvLookup } from "./srv-lookup.js";
import { createSrvLookup } from "./srv-lookup.js";

/**
 * Options for {@link createSrvInstancer}.
 *
 * @example
 * const options: SrvInstancerOptions = { name: "_addsvc._tcp.example.com", intervalMs: 30_000, logger };
 */
export interface SrvInstancerOptions {
  /** The SRV name to watch, for example `"_addsvc._tcp.example.com"`. */
  name: string;
  /** The longest time between two lookups, in ms (go-kit's `ttl` argument). */
  intervalMs: number;
  /**
   * The shortest time between two successful lookups, in ms, however small the records' TTL.
   * Default: `min(1000, intervalMs)`. Must not exceed `intervalMs`.
   */
  minIntervalMs?: number;
  /**
   * Whether a record TTL below `intervalMs` brings the next lookup forward (to
   * `max(minIntervalMs, ttl)`). Default `true`. `false` ignores any TTL, polls every
   * `intervalMs`, and (without `resolver`) looks up through `node:dns`'s `resolveSrv`.
   */
  ttlAware?: boolean;
  /** DNS servers, such as `["127.0.0.1:5353"]`. Default: the system's. Ignored with `resolver`. */
  servers?: readonly string[];
  /** How long one server may take to answer, in ms. Default 2000. Ignored with `resolver`. */
  timeoutMs?: number;
  /**
   * The longest wait between lookups while they keep failing, in ms. Default
   * `max(30_000, intervalMs)`.
   */
  maxBackoffMs?: number;
  /** A custom lookup instead of the built-in one (see {@link createSrvLookup}). */
  resolver?: SrvLookup;
  /**
   * Receives `warn` records for failed lookups and `debug` records
   * (`{ msg: "sd-dns: next lookup", name, delay_ms }`) for each scheduled lookup.
   * Default: {@link nopLogger}.
   */
  logger?: Logger;
  /** The source of jitter, a number in [0, 1). Default `Math.random`. */
  random?: () => number;
}

/**
 * Creates an {@link Instancer} that polls the SRV records of `name` (go-kit's
 * `dnssrv.NewInstancer`) and reports each record as `"target:port"`, the trailing dot stripped.
 *
 * The first lookup starts at once. After a successful one, the next comes after `intervalMs`, or
 * after the records' TTL when that is shorter, but never sooner than `minIntervalMs`. Lookups
 * never overlap. A name that does not exist (NXDOMAIN) or has no SRV records is reported as an
 * empty set; any other failure (timeout, REFUSED, SERVFAIL, server down) as an error event
 * (KitError `unavailable`, cause attached) while subscribers keep the last instances, and the
 * following lookups back off exponentially with jitter from `intervalMs` up to `maxBackoffMs`.
 * Records are not ordered by priority or weight: balancing is the balancer's job. `stop()`
 * clears the timer, ignores a lookup in flight and drops every subscriber. Throws a TypeError
 * for bad options.
 *
 * @example
 * const instancer = createSrvInstancer({ name: "_addsvc._tcp.example.com", intervalMs: 30_000 });
 * const endpointer = createEndpointer(instancer, factory);
 * // on shutdown
 * endpointer.close();
 * instancer.stop();
 */
export function createSrvInstancer(options: SrvInstancerOptions): Instancer {
  const {
    name,
    intervalMs,
    ttlAware = true,
    servers,
    timeoutMs,
    resolver,
    logger = nopLogger,
    random = Math.random,
  } = options ?? ({} as SrvInstancerOptions);
  if (typeof name !== "string" || name.length === 0) {
    throw new TypeError("createSrvInstancer: name must be a non-empty string");
  }
  if (!(Number.isFinite(intervalMs) && intervalMs > 0 && intervalMs <= 2 ** 31 - 1)) {
    throw new TypeError(
      `createSrvInstancer: intervalMs must be a finite number in (0, 2147483647], got ${intervalMs}`,
    );
  }
  const {
    minIntervalMs = Math.min(1000, intervalMs),
    maxBackoffMs = Math.max(30_000, intervalMs),
  } = options;
  if (!(Number.isFinite(minIntervalMs) && minIntervalMs > 0 && minIntervalMs <= intervalMs)) {
    throw new TypeError(
      `createSrvInstancer: minIntervalMs must be a number in (0, intervalMs], got ${minIntervalMs}`,
    );
  }
  if (
    !(Number.isFinite(maxBackoffMs) && maxBackoffMs >= intervalMs && maxBackoffMs <= 2 ** 31 - 1)
  ) {
    throw new TypeError(
      `createSrvInstancer: maxBackoffMs must be a number in [intervalMs, 2147483647], got ${maxBackoffMs}`,
    );
  }
  if (resolver !== undefined && typeof resolver !== "function") {
    throw new TypeError("createSrvInstancer: resolver must be a function");
  }
  if (typeof logger?.log !== "function") {
    throw new TypeError("createSrvInstancer: logger must have a log(fields) method");
  }
  if (typeof random !== "function") {
    throw new TypeError("createSrvInstancer: random must be a function");
  }
  const lookup =
    resolver ??
    createSrvLookup({
      ttlAware,
      ...(servers !== undefined && { servers }),
      ...(timeoutMs !== undefined && { timeoutMs }),
    });

  const cache = createInstanceCache({ logger });
  let stopped = false;
  let failures = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const schedule = (delayMs: number): void => {
    const delay = Math.round(delayMs);
    logger.log({ level: "debug", msg: "sd-dns: next lookup", name, delay_ms: delay });
    timer = setTimeout(poll, delay);
  };

  const succeeded = (answer: SrvAnswer): void => {
    failures = 0;
    const instances: string[] = [];
    for (const r of answer.records) {
      const host = r.target.replace(/\.$/, "");
      if (host !== "") instances.push(`${host}:${r.port}`); // "." means "no service here"
    }
    cache.update({ instances });
    const ttlMs = ttlAware && answer.ttlSec !== undefined ? answer.ttlSec * 1000 : intervalMs;
    schedule(Math.max(minIntervalMs, Math.min(intervalMs, ttlMs)));
  };

  const failed = (err: unknown): void => {
    failures++;
    logger.log({ level: "warn", msg: "sd-dns: lookup failed", name, failures, err });
    cache.update({
      error: new KitError("unavailable", `DNS SRV lookup of ${name} failed`, { cause: err }),
    });
    const ceiling = Math.min(maxBackoffMs, intervalMs * 2 ** Math.min(failures - 1, 30));
    // Equal jitter: half fixed, half random, so a retry is never immediate.
    schedule(ceiling / 2 + (ceiling / 2) * random());
  };

  function poll(): void {
    timer = undefined;
    let pending: Promise<SrvAnswer>;
    try {
      pending = lookup(name);
    } catch (err) {
      pending = Promise.reject(err);
    }
    pending.then(
      (answer) => {
        if (!stopped) succeeded(answer);
      },
      (err: unknown) => {
        if (!stopped) failed(err);
      },
    );
  }

  poll();

  return {
    subscribe: cache.subscribe,
    unsubscribe: cache.unsubscribe,
    stop() {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      cache.stop();
    },
  };
}
