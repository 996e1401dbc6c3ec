#!/usr/bin/env node
// The changeset check of `pnpm test`: a publishable package changed since the base branch needs
// a changeset naming it. Exits non-zero when one is missing.
//
// Usage: node scripts/check-changesets.mjs   (KIT_CHANGESET_BASE=<ref> to pick the base)
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { bin, node, root, step, workspacePackages } from "./workspace.mjs";

/** Runs git in the repository; returns its trimmed stdout, or undefined when it failed. */
function git(...args) {
  const r = spawnSync("git", args, { cwd: root, encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

/** Manifest fields that do not reach users: changing only these needs no changeset. */
const UNPUBLISHED_FIELDS = ["devDependencies", "scripts"];

/** Whether a package.json changed since `since` in a field its users see. */
function manifestChanged(file, since) {
  const published = (text) => {
    const manifest = JSON.parse(text);
    for (const field of UNPUBLISHED_FIELDS) delete manifest[field];
    return JSON.stringify(manifest);
  };
  const before = git("show", `${since}:${file}`);
  return (
    before === undefined || published(before) !== published(readFileSync(join(root, file), "utf8"))
  );
}

/** A changeset's front matter: `---`, one `"package": bump` line per package, `---`. */
const FRONT_MATTER =
  /^---\r?\n(?:\s*["']?[^"'\s:]+["']?\s*:\s*(?:major|minor|patch)\s*\r?\n)+---\r?\n/;

/** The changeset files whose front matter `changeset version` could not read. */
function malformedChangesets() {
  const dir = join(root, ".changeset");
  return readdirSync(dir)
    .filter((f) => f.endsWith(".md") && f !== "README.md")
    .filter((f) => !FRONT_MATTER.test(readFileSync(join(dir, f), "utf8")));
}

/** Package names named in a changeset file's front matter. */
function changesetPackages(file) {
  const front = /^---\r?\n([\s\S]*?)\r?\n---/.exec(readFileSync(file, "utf8"))?.[1] ?? "";
  return [...front.matchAll(/^\s*["']?([^"':\s]+)["']?\s*:/gm)].map((m) => m[1]);
}

/**
 * Changesets: every publishable package whose files matching the config's changedFilePatterns
 * (src/: tests and READMEs need none) or whose package.json changed outside devDependencies and
 * scripts changed since the base branch, committed,
 * modified or new, must be named by a changeset added since then. Runs the real `changeset status`
 * and checks package by package, since `status` passes as soon as any changeset exists and does
 * not see files git does not track yet. The base is $KIT_CHANGESET_BASE, else the config's
 * baseBranch, else origin/<baseBranch>; without one (a tarball, a shallow clone) the step says
 * so and passes. On the base branch itself only uncommitted work is compared.
 */
function checkChangesets() {
  console.log("\n== changesets");
  const malformed = malformedChangesets();
  if (malformed.length) {
    console.log(
      `== changesets: FAILED: malformed front matter in .changeset/${malformed.join(", ")}`,
    );
    return false;
  }
  const config = JSON.parse(readFileSync(join(root, ".changeset", "config.json"), "utf8"));
  const branch = config.baseBranch ?? "main";
  const { KIT_CHANGESET_BASE: override } = process.env;
  const candidates = [override, branch, `origin/${branch}`].filter(Boolean);
  const base = candidates.find((ref) => git("rev-parse", "--verify", "--quiet", `${ref}^{commit}`));
  const since = base && git("merge-base", base, "HEAD");
  if (!since) {
    console.log(
      `== changesets: skipped: ${base ? `no common history with ${base}` : `none of ${candidates.join(", ")} exists`} (set KIT_CHANGESET_BASE to compare)`,
    );
    return true;
  }
  const cli = bin("@changesets/cli", "bin.js");
  const statusOk = step("changeset status", node, [cli, "status", `--since=${base}`]);
  const changed = [
    ...(git("diff", "--name-only", "--no-relative", since) ?? "").split("\n"),
    ...(git("ls-files", "--others", "--exclude-standard") ?? "").split("\n"),
  ].filter(Boolean);
  const added = [
    ...(git("diff", "--name-only", "--diff-filter=d", since, "--", ".changeset") ?? "").split("\n"),
    ...(git("ls-files", "--others", "--exclude-standard", "--", ".changeset") ?? "").split("\n"),
  ].filter((f) => /^\.changeset\/[^/]+\.md$/.test(f) && !/README\.md$/.test(f));
  if (!statusOk && !added.some((f) => !git("ls-files", "--", f))) {
    console.log("== changesets: FAILED: see `changeset status` above (run `pnpm changeset`)");
    return false;
  }
  if (!statusOk)
    console.log("== changesets: status cannot see untracked changesets; checking them");
  // The config's changedFilePatterns, as `dir/**` prefixes and exact paths (default: any file).
  const patterns = config.changedFilePatterns ?? ["**"];
  const counts = (file) =>
    patterns.some(
      (p) => p === "**" || file === p || (p.endsWith("/**") && file.startsWith(p.slice(0, -2))),
    );
  const covered = new Set(added.flatMap((f) => changesetPackages(join(root, f))));
  const missing = [];
  for (const [name, dir] of workspacePackages()) {
    const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
    const rel = `${dir.slice(root.length + 1)}/`;
    if (pkg.private || config.ignore?.includes(name) || covered.has(name)) continue;
    const touched = changed.some((f) => f.startsWith(rel) && counts(f.slice(rel.length)));
    if (touched || manifestChanged(`${rel}package.json`, since)) missing.push(name);
  }
  if (missing.length)
    console.log(
      `== changesets: FAILED: changed since ${base} without a changeset: ${missing.join(", ")} (run \`pnpm changeset\`)`,
    );
  else console.log(`== changesets: ok: every package changed since ${base} has a changeset`);
  return missing.length === 0;
}

process.exit(checkChangesets() ? 0 : 1);
