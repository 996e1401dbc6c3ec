import type { Instancer } from "@kit/endpoint/sd";

/** Several subscribers of one service, and a way to wait until all of them agree. */
export interface Watch {
  /**
   * Resolves with the `performance.now()` at which the last subscriber's instance list came to
   * satisfy `holds`, once all of them do; rejects after `timeoutMs`.
   */
  until(holds: (instances: readonly string[]) => boolean, timeoutMs?: number): Promise<number>;
  /** Error events seen so far, over all subscribers. */
  readonly errors: number;
  /** Unsubscribes and stops every instancer. */
  stop(): void;
}

interface Waiter {
  holds: (instances: readonly string[]) => boolean;
  resolve: (at: number) => void;
}

/** Subscribes to each of `instancers` and tracks the instance list each one last reported. */
export function watchAll(instancers: readonly Instancer[]): Watch {
  const latest: (readonly string[] | undefined)[] = instancers.map(() => undefined);
  let waiter: Waiter | undefined;
  let errors = 0;

  const check = (): void => {
    const w = waiter;
    if (w === undefined) return;
    for (const list of latest) if (list === undefined || !w.holds(list)) return;
    waiter = undefined;
    w.resolve(performance.now());
  };

  const listeners = instancers.map((instancer, i) => {
    const listener = (event: { instances?: readonly string[]; error?: Error }) => {
      if (event.error !== undefined) {
        errors++;
        return;
      }
      latest[i] = event.instances;
      check();
    };
    instancer.subscribe(listener);
    return listener;
  });

  return {
    until(holds, timeoutMs = 30_000) {
      if (waiter !== undefined) throw new Error("watch: one wait at a time");
      return new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiter = undefined;
          reject(new Error(`watch: not every instancer agreed within ${timeoutMs} ms`));
        }, timeoutMs);
        waiter = {
          holds,
          resolve: (at) => {
            clearTimeout(timer);
            resolve(at);
          },
        };
        check();
      });
    },
    get errors() {
      return errors;
    },
    stop() {
      instancers.forEach((instancer, i) => {
        instancer.unsubscribe(listeners[i] as (typeof listeners)[number]);
        instancer.stop();
      });
    },
  };
}
