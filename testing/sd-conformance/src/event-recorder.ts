import type { Event, Instancer, InstancerListener } from "@kit/endpoint/sd";

/** Every event one subscriber received, and a way to wait for the next matching one. */
export interface EventRecorder {
  /** The events received so far, oldest first. */
  readonly events: readonly Event[];
  /**
   * Resolves with the first event, already received or still to come, that matches `predicate`;
   * rejects after `timeoutMs` with the events seen so far in the message.
   */
  waitFor(predicate: (event: Event) => boolean, timeoutMs: number): Promise<Event>;
  /** Unsubscribes from the instancer. */
  detach(): void;
}

/** Subscribes a recorder to `instancer`. */
export function record(instancer: Instancer): EventRecorder {
  const events: Event[] = [];
  const waiters = new Set<() => void>();
  const listener: InstancerListener = (event) => {
    events.push(event);
    for (const wake of waiters) wake();
  };
  instancer.subscribe(listener);
  return {
    events,
    waitFor(predicate, timeoutMs) {
      const found = events.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const check = () => {
          const event = events.find(predicate);
          if (!event) return;
          done();
          resolve(event);
        };
        const timer = setTimeout(() => {
          done();
          reject(
            new Error(`no matching event within ${timeoutMs} ms; saw ${JSON.stringify(events)}`),
          );
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
      });
    },
    detach: () => instancer.unsubscribe(listener),
  };
}

/** Matches an instance set that holds every one of `wanted`. */
export const including =
  (...wanted: string[]) =>
  (event: Event): boolean =>
    event.instances !== undefined && wanted.every((i) => event.instances?.includes(i));

/** Matches an instance set that holds none of `unwanted`. */
export const excluding =
  (...unwanted: string[]) =>
  (event: Event): boolean =>
    event.instances !== undefined && unwanted.every((i) => !event.instances?.includes(i));

/** Matches an error event. */
export const anError = (event: Event): boolean => event.error !== undefined;
