import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createAdapterNameRegistrar } from "../src/adapter-name-registrar.js";

describe("createAdapterNameRegistrar", () => {
  it("registers and deregisters an instance whose address needs encoding", async () => {
    const directory = await mkdtemp(join(tmpdir(), "adapter-name-"));
    try {
      const registrar = createAdapterNameRegistrar({ directory, instance: "[::1]:8080" });
      await registrar.register();
      expect(await readdir(directory)).toEqual([encodeURIComponent("[::1]:8080")]);
      await registrar.deregister();
      expect(await readdir(directory)).toEqual([]);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });

  it("rejects with KitError unavailable when the directory is missing", async () => {
    const registrar = createAdapterNameRegistrar({
      directory: "/nonexistent/dir",
      instance: "a:1",
    });
    await expect(registrar.register()).rejects.toMatchObject({ code: "unavailable" });
  });

  it("throws TypeError without an instance", () => {
    expect(() => createAdapterNameRegistrar({ directory: "/tmp", instance: "" })).toThrow(
      TypeError,
    );
  });
});
