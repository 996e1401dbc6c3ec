#!/usr/bin/env node
// The adapter template check of `pnpm test`: stamps each kind of templates/adapter, then builds,
// type-checks, lints and tests it. Exits non-zero when any kind fails.
//
// Usage: node scripts/check-adapter-template.mjs
import { mkdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { dirname, join } from "node:path";
import { bin, node, root, step, workspacePackages } from "./workspace.mjs";

/**
 * The adapter template: for each kind, stamps a package out of templates/adapter into a scratch
 * directory of the repository (outside the workspace globs), links its workspace dependencies,
 * then builds, type-checks, lints and tests it, and removes it again.
 */
function checkTemplate() {
  const scratch = join(root, ".adapter-check");
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch);
  try {
    return ["metrics", "sd"].every((kind) => checkStamped(scratch, kind));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Stamps one kind of adapter into `scratch` and checks it; returns whether it passed. */
function checkStamped(scratch, kind) {
  const name = `${kind}-template-check`;
  const dir = join(scratch, name);
  const what = `adapter template (${kind})`;
  const stamped = step(`${what}: stamp`, node, [
    "scripts/new-adapter.mjs",
    name,
    `--kind=${kind}`,
    `--packages-dir=${scratch}`,
    "--no-changeset",
  ]);
  if (!stamped) return false;
  const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  const dirs = workspacePackages();
  for (const [dep, spec] of Object.entries({ ...pkg.dependencies, ...pkg.devDependencies })) {
    if (!spec.startsWith("workspace:")) continue;
    mkdirSync(join(dir, "node_modules", dirname(dep)), { recursive: true });
    symlinkSync(dirs.get(dep), join(dir, "node_modules", dep), "dir");
  }
  const tsc = bin("typescript", "bin/tsc");
  const jest = [bin("jest", "bin/jest.js"), "--ci", "-c", join(dir, "jest.config.cjs")];
  return (
    step(`${what}: build`, node, [tsc, "-b", "tsconfig.build.json"], dir) &&
    step(`${what}: typecheck`, node, [tsc, "-p", "tsconfig.json", "--noEmit"], dir) &&
    step(`${what}: lint`, node, [
      bin("@biomejs/biome", "bin/biome"),
      "check",
      "--vcs-use-ignore-file=false",
      dir,
    ]) &&
    step(`${what}: jest`, node, jest)
  );
}

process.exit(checkTemplate() ? 0 : 1);
