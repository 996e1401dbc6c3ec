// What the repository's check scripts share: where the repository is, how to run a step, and
// which workspace package lives where.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root. */
export const root = join(dirname(fileURLToPath(import.meta.url)), "..");
/** The running Node binary. */
export const node = process.execPath;
/** A file of a root devDependency. */
export const bin = (pkg, file) => join(root, "node_modules", pkg, file);

/** Runs one step, streaming its output; returns whether it succeeded. */
export function step(name, command, args, cwd = root) {
  console.log(`\n== ${name}: ${command} ${args.join(" ")}`);
  const r = spawnSync(command, args, { cwd, stdio: "inherit" });
  return r.status === 0;
}

/** The workspace's package directories by package name. */
export function workspacePackages() {
  const dirs = new Map();
  for (const group of ["packages", "testing", "examples"])
    for (const entry of readdirSync(join(root, group))) {
      const manifest = join(root, group, entry, "package.json");
      if (existsSync(manifest))
        dirs.set(JSON.parse(readFileSync(manifest, "utf8")).name, join(root, group, entry));
    }
  return dirs;
}
