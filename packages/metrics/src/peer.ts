import { createRequire } from "node:module";
import { KitError } from "@kit/endpoint";

const cache = new Map<string, unknown>();

/**
 * Loads an optional peer dependency (prom-client) on first use, synchronously, so that importing
 * `@kit/metrics` works without it. Throws `KitError("failed_precondition")` naming the package
 * when it is not installed.
 */
export function requirePeer<T>(name: string, purpose: string): T {
  if (cache.has(name)) return cache.get(name) as T;
  let mod: unknown;
  try {
    mod = createRequire(import.meta.url)(name);
  } catch (err) {
    throw new KitError(
      "failed_precondition",
      `@kit/metrics: ${purpose} needs the "${name}" package; install it (npm i ${name})`,
      { cause: err },
    );
  }
  cache.set(name, mod);
  return mod as T;
}
