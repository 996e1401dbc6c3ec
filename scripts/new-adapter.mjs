#!/usr/bin/env node
// Stamps out a new adapter package from templates/adapter: copies the common files and those of
// one kind (a metrics backend or a service-discovery adapter) to packages/<name>, replaces the
// placeholders, and writes the package's first changeset to .changeset/.
// Refuses to overwrite anything. Then: `pnpm install`, `pnpm --filter @kit/<name>... build`,
// `pnpm exec jest -c packages/<name>/jest.config.cjs`.
//
// Usage: node scripts/new-adapter.mjs <name> [--kind=metrics|sd] [--description=<text>]
//                                            [--packages-dir=<dir>] [--no-changeset]
//   name: lowercase words joined by dashes, e.g. metrics-influx (the package is @kit/<name>);
//   --kind: metrics (default: Counter, Gauge, Histogram) or sd (Instancer, Registrar);
//   --packages-dir: where to create the package (default <repo>/packages); it must sit two
//   levels below the repository root, as packages/ does, for the configs' relative paths;
//   --no-changeset: do not write .changeset/<name>-initial.md (for checking the template).
import { spawnSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { join, relative, resolve } from "node:path";
import { bin, node, root } from "./workspace.mjs";

const template = join(root, "templates", "adapter");
const validName = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
/** Per kind: the conformance package the tests use, and the package keyword. */
const kinds = {
  metrics: { conformance: "@kit/metrics-conformance", keyword: "metrics" },
  sd: { conformance: "@kit/sd-conformance", keyword: "service-discovery" },
};

/** Fails with a message and exit code 1. */
function fail(message) {
  console.error(`new-adapter: ${message}`);
  process.exit(1);
}

/** Parses the command line into { name, description, packagesDir, changeset }. */
function parseArgs(argv) {
  const options = {
    kind: "metrics",
    description: "",
    packagesDir: join(root, "packages"),
    changeset: true,
  };
  const names = [];
  for (const arg of argv) {
    if (arg.startsWith("--kind=")) options.kind = arg.slice(7);
    else if (arg.startsWith("--description=")) options.description = arg.slice(14).trim();
    else if (arg.startsWith("--packages-dir=")) options.packagesDir = resolve(arg.slice(15));
    else if (arg === "--no-changeset") options.changeset = false;
    else if (arg.startsWith("-")) fail(`unknown option ${arg}`);
    else names.push(arg);
  }
  if (names.length !== 1)
    fail("usage: new-adapter.mjs <name> [--kind=metrics|sd] [--description=<text>]");
  if (!Object.hasOwn(kinds, options.kind))
    fail(`--kind must be metrics or sd, got ${options.kind}`);
  return { name: names[0], ...options };
}

/** Problems with a package name, as messages (empty when it is fine). */
function nameProblems(name) {
  if (!validName.test(name))
    return [`"${name}" must be lowercase letters and digits in dash-separated words`];
  if (name.length > 40) return [`"${name}" is longer than 40 characters`];
  return existsSync(join(root, "packages", name)) ? [`packages/${name} already exists`] : [];
}

/** Every file under `dir`, relative to it. */
function filesUnder(dir, base = dir) {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? filesUnder(path, base) : [relative(base, path)];
  });
}

const { name, kind, description: given, packagesDir, changeset } = parseArgs(process.argv.slice(2));
for (const problem of nameProblems(name)) fail(problem);
const description = given || `A @kit adapter: ${name}.`;
if (/[\n\r"\\`]|\*\//.test(description))
  fail("the description must be one line without quotes, backslashes, backticks or */");
const under = relative(root, packagesDir);
if (["", ".", ".."].includes(under) || /[\\/]/.test(under) || !existsSync(packagesDir))
  fail(`--packages-dir must be an existing directory directly under ${root}`);

const target = join(packagesDir, name);
const changesetFile = join(root, ".changeset", `${name}-initial.md`);
if (existsSync(target)) fail(`${relative(root, target)} already exists; not overwriting it`);
if (changeset && existsSync(changesetFile))
  fail(`${relative(root, changesetFile)} already exists; not overwriting it`);

const pascal = name.replace(/(^|-)([a-z0-9])/g, (_, _dash, c) => c.toUpperCase());
const camel = pascal[0].toLowerCase() + pascal.slice(1);
const stamp = (text) =>
  text
    .replaceAll("@kit/adapter-conformance", kinds[kind].conformance)
    .replaceAll("adapter-keyword", kinds[kind].keyword)
    .replaceAll("adapter-description", description)
    .replaceAll("adapter-name", name)
    .replaceAll("AdapterName", pascal)
    .replaceAll("adapterName", camel);
const stampPath = (path) => path.replaceAll("adapter-name", name);

// The common files at the template's top level, then the kind's own tree over them.
const copy = { recursive: true, errorOnExist: true, force: false };
cpSync(template, target, {
  ...copy,
  filter: (src) => src === template || !Object.hasOwn(kinds, relative(template, src)),
});
cpSync(join(template, kind), target, copy);
for (const file of filesUnder(target)) {
  const from = join(target, file);
  const text = stamp(readFileSync(from, "utf8"));
  const to = join(target, stampPath(file));
  if (file === "changeset.md") {
    if (changeset) writeFileSync(changesetFile, text, { flag: "wx" });
  } else writeFileSync(to, text, { flag: to === from ? "w" : "wx" });
  if (to !== from || file === "changeset.md") rmSync(from);
}
// The names' lengths changed: let Biome re-wrap the lines.
const biome = bin("@biomejs/biome", "bin/biome");
const formatted = spawnSync(
  node,
  [biome, "check", "--write", "--vcs-use-ignore-file=false", target],
  {
    cwd: root,
    encoding: "utf8",
  },
);
if (formatted.status !== 0)
  console.warn(`new-adapter: could not format with Biome; run pnpm format\n${formatted.stderr}`);
console.log(`created ${relative(root, target)} (@kit/${name}, a ${kind} adapter)`);
if (changeset) console.log(`created ${relative(root, changesetFile)}`);
console.log(
  `next: pnpm install && pnpm --filter @kit/${name}... build && pnpm exec jest -c ${relative(root, target)}/jest.config.cjs`,
);
