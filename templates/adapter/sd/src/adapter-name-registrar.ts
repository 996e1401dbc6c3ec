import { rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { KitError } from "@kit/endpoint";
import type { Registrar } from "@kit/endpoint/sd";

/** Options of {@link createAdapterNameRegistrar}. */
export interface AdapterNameRegistrarOptions {
  /** The directory that holds one file per registered instance. */
  directory: string;
  /** This instance's address, `host:port`. */
  instance: string;
}

/**
 * A {@link Registrar} that announces `instance` by writing a file named after it into
 * `directory`, and withdraws it by removing the file. Replace the file calls with your
 * backend's register and deregister. `register` rejects with `KitError("unavailable")` when the
 * directory cannot be written. Throws `TypeError` for bad options.
 *
 * @example
 * const registrar = createAdapterNameRegistrar({ directory: "/run/addsvc", instance: "10.0.0.1:8080" });
 * await registrar.register();
 * process.on("SIGTERM", () => registrar.deregister());
 */
export function createAdapterNameRegistrar(options: AdapterNameRegistrarOptions): Registrar {
  const who = "createAdapterNameRegistrar";
  const { directory, instance } = options ?? {};
  if (typeof directory !== "string" || directory === "")
    throw new TypeError(`${who}: directory must be a non-empty string`);
  if (typeof instance !== "string" || instance === "")
    throw new TypeError(`${who}: instance must be a non-empty string`);
  const file = join(directory, encodeURIComponent(instance));
  return {
    async register() {
      try {
        await writeFile(file, "");
      } catch (err) {
        throw new KitError("unavailable", `${who}: cannot register ${instance}`, { cause: err });
      }
    },
    deregister: () => rm(file, { force: true }),
  };
}
