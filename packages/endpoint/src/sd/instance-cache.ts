import type { Logger } from "../logger.js";
import { nopLogger } from "../logger.js";
import type { Event } from "./event.js";
import type { Instancer, InstancerListener } from "./instancer.js";

/** Options for {@link createInstanceCache}. */
export interface InstanceCacheOptions {
  /** Where a listener that throws is reported (`level: "error"`). Default: {@link nopLogger}. */
  logger?: Logger;
}

/**
 * An {@link Instancer} whose state is pushed in with `update`: the building block adapters use
 * to implement `Instancer` (go-kit's `instance.Cache`).
 */
export interface InstanceCache extends Instancer {
  /**
   * Records `event` and delivers it to every subscriber, unless it changes nothing. Instance
   * lists are compared sorted and without duplicates, so order and repeats never cause an
   * update. An error event keeps the last known instances (a later subscriber receives them
   * before the error) and is delivered as an error; a second error with the same name and
   * message as the current one is not delivered again. Throws a TypeError for an event that
   * has neither `instances` nor `error`.
   */
  update(event: Event): void;
  /**
   * The current state: `{ instances }` (sorted, deduplicated, frozen) or, after an error,
   * `{ error }`. Before the first update it is `{ instances: [] }`.
   */
  state(): Event;
  /** Removes every subscriber; later updates are recorded but delivered to no one. */
  stop(): void;
}

const empty: readonly string[] = Object.freeze([]);

/**
 * Creates an {@link InstanceCache}: it holds the latest {@link Event}, broadcasts changes to its
 * subscribers and hands each new subscriber the current state at once.
 *
 * An error event carries no instances; subscribers should keep what they had. The cache does
 * the same: it remembers the last known instances, so a listener that subscribes during an
 * error first receives `{ instances }` (if there were any) and then `{ error }`. A listener that
 * throws is logged and does not stop delivery to the others.
 *
 * @example
 * const cache = createInstanceCache({ logger });
 * const instancer: Instancer = { subscribe: cache.subscribe, unsubscribe: cache.unsubscribe,
 *   stop: () => { watcher.cancel(); cache.stop(); } };
 * watcher.on("change", (addrs) => cache.update({ instances: addrs }));
 * watcher.on("error", (err) => cache.update({ error: err }));
 */
export function createInstanceCache(options: InstanceCacheOptions = {}): InstanceCache {
  const { logger = nopLogger } = options;
  if (typeof logger?.log !== "function") {
    throw new TypeError("createInstanceCache: logger must have a log(fields) method");
  }

  const listeners = new Set<InstancerListener>();
  let instances: readonly string[] = empty;
  let error: Error | undefined;
  let current: Event = Object.freeze({ instances });

  const deliver = (listener: InstancerListener, event: Event): void => {
    try {
      listener(event);
    } catch (err) {
      logger.log({ level: "error", msg: "sd: instancer listener threw", err });
    }
  };

  const changed = (event: Event): boolean => {
    if (event.error !== undefined) {
      return (
        error === undefined ||
        (error !== event.error &&
          (error.name !== event.error.name || error.message !== event.error.message))
      );
    }
    return error !== undefined || !sameList(instances, event.instances);
  };

  return {
    subscribe(listener) {
      if (listeners.has(listener)) return;
      listeners.add(listener);
      if (error !== undefined && instances.length > 0) deliver(listener, { instances });
      deliver(listener, current);
    },
    unsubscribe(listener) {
      listeners.delete(listener);
    },
    stop() {
      listeners.clear();
    },
    state() {
      return current;
    },
    update(event) {
      if (event.error === undefined && !Array.isArray(event.instances)) {
        throw new TypeError("InstanceCache.update: event needs instances (an array) or an error");
      }
      const next: Event =
        event.error !== undefined
          ? Object.freeze({ error: event.error })
          : Object.freeze({ instances: normalize(event.instances) });
      if (!changed(next)) return;
      if (next.error !== undefined) error = next.error;
      else {
        error = undefined;
        instances = next.instances;
      }
      current = next;
      for (const listener of Array.from(listeners)) {
        if (listeners.has(listener)) deliver(listener, next);
      }
    },
  };
}

/** Sorts, deduplicates and freezes an instance list, without touching the input. */
export function normalize(list: readonly string[]): readonly string[] {
  const sorted = [...list].sort();
  const out: string[] = [];
  for (const s of sorted) if (out[out.length - 1] !== s) out.push(s);
  return Object.freeze(out);
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
