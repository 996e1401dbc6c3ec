import type { Endpoint } from "../endpoint.js";
import type { Logger } from "../logger.js";
import { nopLogger } from "../logger.js";
import type { Event } from "./event.js";
import type { Factory, FactoryResult } from "./factory.js";
import { normalize } from "./instance-cache.js";
import type { Instancer } from "./instancer.js";

/**
 * The live set of endpoints for one service, one per discovered instance (go-kit's
 * `sd.Endpointer`). Balancers pick from it.
 */
export interface Endpointer<Req, Res> {
  /**
   * The current endpoints, sorted by instance address, frozen. The same array is returned until
   * the set changes. Empty when no instance is known, after `close()`, and after an error has
   * outlasted `invalidateOnErrorMs`.
   */
  endpoints(): readonly Endpoint<Req, Res>[];
  /** Unsubscribes from the instancer and closes every endpoint. Idempotent. */
  close(): void;
}

/** Options for {@link createEndpointer}. */
export interface EndpointerOptions {
  /**
   * Receives `level: "warn"` records for instancer errors, factory failures and `close`
   * failures. Default: {@link nopLogger}.
   */
  logger?: Logger;
  /**
   * After an instancer error, keep serving the last known endpoints for this many milliseconds,
   * then close and drop them until a good event arrives. Default: `undefined`, keep them
   * forever (go-kit's default). `0` drops them at the first `endpoints()` call after the error.
   */
  invalidateOnErrorMs?: number;
  /** The clock, in epoch milliseconds, for `invalidateOnErrorMs`. Default: `Date.now`. */
  now?: () => number;
}

interface Entry<Req, Res> {
  readonly instance: string;
  readonly endpoint: Endpoint<Req, Res>;
  readonly close: FactoryResult<Req, Res>["close"];
}

const none: readonly never[] = Object.freeze([]);

/**
 * Creates an {@link Endpointer}: it subscribes to `instancer` at once and keeps one endpoint per
 * instance, made by `factory` (go-kit's `sd.NewEndpointer`).
 *
 * On each set of instances it reuses the endpoints of instances it already has, makes new ones
 * for new instances, and calls `close` for instances that vanished. A factory that throws is
 * logged (`{ level: "warn", msg, instance, err }`) and its instance skipped until the next
 * update. On an error event it logs and keeps the last known endpoints; with
 * `invalidateOnErrorMs` it drops (and closes) them once that long has passed since the first
 * error, checked lazily on `endpoints()`, as go-kit does. A later good event restores them.
 * Throws a TypeError for bad options.
 *
 * @example
 * const endpointer = createEndpointer(instancer, factory, { logger, invalidateOnErrorMs: 30_000 });
 * const balanced = retry(3, 500, roundRobin(endpointer));
 * // on shutdown
 * endpointer.close();
 */
export function createEndpointer<Req, Res>(
  instancer: Instancer,
  factory: Factory<Req, Res>,
  options: EndpointerOptions = {},
): Endpointer<Req, Res> {
  const { logger = nopLogger, invalidateOnErrorMs, now = Date.now } = options;
  if (typeof instancer?.subscribe !== "function" || typeof instancer.unsubscribe !== "function") {
    throw new TypeError("createEndpointer: instancer must have subscribe and unsubscribe methods");
  }
  if (typeof factory !== "function") {
    throw new TypeError("createEndpointer: factory must be a function");
  }
  if (typeof logger?.log !== "function") {
    throw new TypeError("createEndpointer: logger must have a log(fields) method");
  }
  if (
    invalidateOnErrorMs !== undefined &&
    !(Number.isFinite(invalidateOnErrorMs) && invalidateOnErrorMs >= 0)
  ) {
    throw new TypeError(
      `createEndpointer: invalidateOnErrorMs must be a finite number >= 0, got ${invalidateOnErrorMs}`,
    );
  }
  if (typeof now !== "function") throw new TypeError("createEndpointer: now must be a function");

  let entries = new Map<string, Entry<Req, Res>>();
  let current: readonly Endpoint<Req, Res>[] = none;
  /** Epoch ms after which the endpoints are dropped; set while in the error state. */
  let invalidateAt: number | undefined;
  let closed = false;

  const closeEntry = (entry: Entry<Req, Res>): void => {
    if (!entry.close) return;
    const fail = (err: unknown) =>
      logger.log({
        level: "warn",
        msg: "sd: endpoint close failed",
        instance: entry.instance,
        err,
      });
    try {
      const done = entry.close();
      if (done !== undefined) Promise.resolve(done).catch(fail);
    } catch (err) {
      fail(err);
    }
  };

  const replace = (instances: readonly string[]): void => {
    const next = new Map<string, Entry<Req, Res>>();
    for (const instance of instances) {
      const existing = entries.get(instance);
      if (existing) {
        next.set(instance, existing);
        continue;
      }
      try {
        const made = factory(instance);
        if (typeof made?.endpoint !== "function") {
          throw new TypeError("factory returned no endpoint function");
        }
        next.set(instance, { instance, endpoint: made.endpoint, close: made.close });
      } catch (err) {
        logger.log({ level: "warn", msg: "sd: factory failed, skipping instance", instance, err });
      }
    }
    for (const [instance, entry] of entries) if (!next.has(instance)) closeEntry(entry);
    entries = next;
    // `instances` is sorted, and a Map iterates in insertion order.
    current = next.size === 0 ? none : Object.freeze(Array.from(next.values(), (e) => e.endpoint));
  };

  const listener = (event: Event): void => {
    if (closed) return;
    if (event.error === undefined) {
      invalidateAt = undefined;
      replace(normalize(event.instances));
      return;
    }
    logger.log({ level: "warn", msg: "sd: instancer error", err: event.error });
    if (invalidateOnErrorMs === undefined || invalidateAt !== undefined) return;
    invalidateAt = now() + invalidateOnErrorMs;
  };

  instancer.subscribe(listener);

  return {
    endpoints() {
      if (invalidateAt !== undefined && entries.size > 0 && now() >= invalidateAt) {
        replace(none);
      }
      return current;
    },
    close() {
      if (closed) return;
      closed = true;
      instancer.unsubscribe(listener);
      replace(none);
    },
  };
}
