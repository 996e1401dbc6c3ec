import { createInstanceCache } from "./instance-cache.js";
import type { Instancer } from "./instancer.js";

/**
 * Creates an {@link Instancer} that always reports the same instances (go-kit's
 * `sd.FixedInstancer`): for static configuration, tests, and local development. Each subscriber
 * receives `{ instances }` (sorted, without duplicates) at once and nothing after; `stop()`
 * drops the subscribers.
 *
 * @example
 * const endpointer = createEndpointer(fixedInstancer(["localhost:8081", "localhost:8082"]), factory);
 */
export function fixedInstancer(instances: readonly string[]): Instancer {
  if (!Array.isArray(instances) || instances.some((i) => typeof i !== "string")) {
    throw new TypeError("fixedInstancer: instances must be an array of strings");
  }
  const cache = createInstanceCache();
  cache.update({ instances });
  return { subscribe: cache.subscribe, unsubscribe: cache.unsubscribe, stop: cache.stop };
}
