import { readdir } from "node:fs/promises";
import { KitError, type Logger, nopLogger } from "@kit/endpoint";
import { createInstanceCache, type Instancer } from "@kit/endpoint/sd";

/** Options of {@link createAdapterNameInstancer}. */
export interface AdapterNameInstancerOptions {
  /** The directory that holds one file per registered instance. */
  directory: string;
  /** How often to look, in ms. Default: 1 000. */
  intervalMs?: number;
  /** Receives a `warn` record per failed look. Default: `nopLogger`. */
  logger?: Logger;
}

/**
 * An {@link Instancer} that reports the instances registered in a directory, one file per
 * instance, looking every `intervalMs`. The directory stands in for a real registry: replace
 * `look` with your backend's watch or query. When the directory cannot be read, subscribers get
 * an error event and keep the last instances. Throws `TypeError` for bad options.
 *
 * @example
 * const instancer = createAdapterNameInstancer({ directory: "/run/addsvc", intervalMs: 500 });
 * const endpointer = createEndpointer(instancer, factory);
 */
export function createAdapterNameInstancer(options: AdapterNameInstancerOptions): Instancer {
  const who = "createAdapterNameInstancer";
  const { directory, intervalMs = 1_000, logger = nopLogger } = options ?? {};
  if (typeof directory !== "string" || directory === "")
    throw new TypeError(`${who}: directory must be a non-empty string`);
  if (!(intervalMs > 0)) throw new TypeError(`${who}: intervalMs must be > 0, got ${intervalMs}`);
  const cache = createInstanceCache({ logger });
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const look = async () => {
    try {
      const files = await readdir(directory);
      if (!stopped) cache.update({ instances: files.map(decodeURIComponent) });
    } catch (err) {
      logger.log({ level: "warn", msg: `${who}: cannot read ${directory}`, err });
      if (!stopped)
        cache.update({
          error: new KitError("unavailable", "registry unreachable", { cause: err }),
        });
    }
    if (!stopped) timer = setTimeout(look, intervalMs).unref();
  };
  void look();

  return {
    subscribe: (listener) => cache.subscribe(listener),
    unsubscribe: (listener) => cache.unsubscribe(listener),
    stop() {
      stopped = true;
      clearTimeout(timer);
      cache.stop();
    },
  };
}
