import { mkdir, mkdtemp, rename, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describeInstancerConformance } from "@kit/sd-conformance";
import { createAdapterNameInstancer, createAdapterNameRegistrar } from "../src/index.js";

/**
 * The registry as the conformance suite drives it. For a backend with a server, start the real
 * server here (on a free loopback port; see @kit/test-servers), and stop and restart it.
 */
describeInstancerConformance("adapter-name", async () => {
  const root = await mkdtemp(join(tmpdir(), "adapter-name-"));
  const directory = join(root, "registry");
  const away = join(root, "away");
  await mkdir(directory);
  return {
    instancer: () => createAdapterNameInstancer({ directory, intervalMs: 20 }),
    registrar: (instance) => createAdapterNameRegistrar({ directory, instance }),
    stop: () => rename(directory, away),
    restart: () => rename(away, directory),
    close: () => rm(root, { recursive: true, force: true }),
  };
});
