import type { Event } from "./event.js";

/** Receives every {@link Event} an {@link Instancer} reports. Must not throw. */
export type InstancerListener = (event: Event) => void;

/**
 * Watches a service discovery backend and reports the set of instances of one service (go-kit's
 * `sd.Instancer`). Adapters (sd-etcd, sd-consul, sd-dns, ...) implement it, usually on top of
 * {@link createInstanceCache}; an {@link Endpointer} consumes it.
 *
 * A new subscriber receives the current state at once, synchronously inside `subscribe`, and then
 * every change. An error event carries no instances: subscribers keep what they had.
 *
 * @example
 * const instancer: Instancer = fixedInstancer(["10.0.0.1:8080", "10.0.0.2:8080"]);
 * instancer.subscribe((event) => console.log(event.instances ?? event.error));
 */
export interface Instancer {
  /**
   * Adds `listener` and calls it at once with the current state. Subscribing a listener that is
   * already subscribed does nothing.
   */
  subscribe(listener: InstancerListener): void;
  /** Removes `listener`; it receives no further events. Unknown listeners are ignored. */
  unsubscribe(listener: InstancerListener): void;
  /** Stops watching the backend and releases its resources; no further events are delivered. */
  stop(): void;
}
