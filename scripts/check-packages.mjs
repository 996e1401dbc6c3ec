#!/usr/bin/env node
// The packaging check: for every package in packages/ (or the ones named on the command line),
// check what `pnpm pack` would publish, the way a consumer outside this workspace would see it:
//   1. the tarball holds only dist/, src/, package.json, README/LICENSE/CHANGELOG, no tests or
//      tsbuildinfo, every source map resolves inside it and no `workspace:` spec survived;
//   2. `npm install <tarball> <@kit/endpoint tarball>` works in a fresh project in os.tmpdir();
//   3. every `exports` entry loads with import() and with require(), and exposes a runtime export;
//   4. an ESM (.mts) and a CommonJS (.cts) consumer type-check against every entry (nodenext, strict);
//   5. publint (strict: warnings are errors) and attw (--profile esm-only) report no problems;
//   6. the install size: the tarball alone (with @kit/endpoint) `npm install`ed into its own fresh
//      project, measured as everything in node_modules: dependencies and required peers included,
//      optional peers not.
// Prints one line per package and a Markdown table of sizes; exits 1 if any package failed.
// Needs `pnpm build` first.
//
// Usage: node scripts/check-packages.mjs [--packages-dir=<dir>] [name...]
//   name: @kit/endpoint or endpoint (default: all); --packages-dir: a fixture dir instead of
//   <repo>/packages (for testing this script).
import { spawn } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { basename, join, posix, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { gunzipSync } from "node:zlib";
import { root } from "./workspace.mjs";

const CORE = "@kit/endpoint";
const args = process.argv.slice(2);
const dirArg = args.find((a) => a.startsWith("--packages-dir="));
const packagesDir = resolve(dirArg?.slice("--packages-dir=".length) ?? join(root, "packages"));
const rootRequire = createRequire(join(root, "package.json"));
const TSC = rootRequire.resolve("typescript/bin/tsc");
const ATTW = rootRequire
  .resolve("@arethetypeswrong/cli/package.json")
  .replace(/package\.json$/, "dist/index.js");

// ---------------------------------------------------------------------------------------------
// helpers

/** Runs a command; resolves to { code, out (stdout + stderr), stdout }, never rejects. */
function run(cmd, args, { cwd = root, timeout = 300_000 } = {}) {
  return new Promise((done) => {
    const child = spawn(cmd, args, {
      cwd,
      timeout,
      env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" },
    });
    let out = "";
    let stdout = "";
    child.stdout.on("data", (d) => {
      out += d;
      stdout += d;
    });
    child.stderr.on("data", (d) => (out += d));
    child.on("error", (err) => done({ code: -1, out: String(err), stdout: "" }));
    child.on("close", (code) => done({ code: code ?? -1, out: out.trim(), stdout: stdout.trim() }));
  });
}

/** Last `n` lines of a command's output, indented, for failure messages. */
const tail = (out, n = 15) =>
  `\n${out
    .split("\n")
    .slice(-n)
    .map((l) => `      ${l}`)
    .join("\n")}`;

const kB = (bytes) => `${(bytes / 1000).toFixed(1)} kB`;
const size = (bytes) => (bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : kB(bytes));

/** Reads a .tgz into Map<path inside the package, Buffer> (the leading `package/` stripped). */
function readTarball(file) {
  const tar = gunzipSync(readFileSync(file));
  const files = new Map();
  const str = (off, len) => tar.toString("utf8", off, off + len).replace(/\0.*$/s, "");
  let longName = null;
  for (let off = 0; off + 512 <= tar.length && tar[off] !== 0; ) {
    const size = Number.parseInt(str(off + 124, 12).trim() || "0", 8);
    const type = String.fromCharCode(tar[off + 156] || 48);
    const data = tar.subarray(off + 512, off + 512 + size);
    if (type === "x")
      longName = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(data.toString("utf8"))?.[1] ?? null; // pax
    else if (type === "L")
      longName = data.toString("utf8").replace(/\0.*$/s, ""); // GNU long name
    else {
      const prefix = str(off + 345, 155);
      const name = longName ?? (prefix ? `${prefix}/${str(off, 100)}` : str(off, 100));
      if (type === "0" || type === "7") files.set(name.replace(/^[^/]+\//, ""), data);
      longName = null;
    }
    off += 512 + Math.ceil(size / 512) * 512;
  }
  return files;
}

/** The packages to check, @kit/endpoint first, filtered by the command-line names if any. */
function selectPackages(names) {
  const all = readdirSync(packagesDir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(packagesDir, e.name, "package.json")))
    .map((e) => ({
      dir: join(packagesDir, e.name),
      pkg: JSON.parse(readFileSync(join(packagesDir, e.name, "package.json"), "utf8")),
    }))
    .sort((a, b) =>
      a.pkg.name === CORE ? -1 : b.pkg.name === CORE ? 1 : a.pkg.name.localeCompare(b.pkg.name),
    );
  if (!names.length) return all;
  const unknown = names.filter((n) => !all.some((p) => p.pkg.name === n || basename(p.dir) === n));
  if (unknown.length) throw new Error(`unknown package(s): ${unknown.join(", ")}`);
  return all.filter((p) => names.includes(p.pkg.name) || names.includes(basename(p.dir)));
}

/** The package's import specifiers, one per `exports` subpath (not ./package.json, not patterns). */
function specifiers(pkg) {
  const exp = pkg.exports;
  const subpaths =
    typeof exp === "string" || Array.isArray(exp) || !exp || !Object.keys(exp)[0]?.startsWith(".")
      ? ["."]
      : Object.keys(exp).filter((s) => s !== "./package.json" && !s.includes("*"));
  return subpaths.map((s) => pkg.name + s.slice(1));
}

// ---------------------------------------------------------------------------------------------
// checks; each returns a list of problems (strings)

const ALLOWED = [
  /^dist\//,
  /^src\//,
  /^package\.json$/,
  /^(README|LICENSE|LICENCE|CHANGELOG)(\.[^/]*)?$/i,
];
const FORBIDDEN = [
  [/(^|\/)(test|tests|__tests__)\//, "a test directory"],
  [/\.(test|spec)\.[^/]*$/, "a test file"],
  [/\.tsbuildinfo$/, "a tsbuildinfo"],
];

/** What the tarball holds: allowed files only, resolvable source maps, no workspace: specs. */
function checkContents(files) {
  const problems = [];
  for (const path of files.keys()) {
    const bad = FORBIDDEN.find(([re]) => re.test(path));
    if (bad) problems.push(`tarball contains ${bad[1]}: ${path}`);
    else if (!ALLOWED.some((re) => re.test(path)))
      problems.push(`tarball contains a file outside dist/, src/: ${path}`);
  }
  for (const [path, data] of files) {
    const dir = posix.dirname(path);
    if (path.startsWith("dist/") && path.endsWith(".map")) {
      let map;
      try {
        map = JSON.parse(data.toString("utf8"));
      } catch {
        problems.push(`${path}: not JSON`);
        continue;
      }
      for (const source of map.sources ?? []) {
        const target = posix.normalize(posix.join(dir, map.sourceRoot ?? "", source));
        if (/^[a-z]+:/i.test(source) || !files.has(target))
          problems.push(`${path}: source ${source} is not in the tarball`);
      }
    } else if (/\.(c|m)?js$|\.d\.(c|m)?ts$/.test(path)) {
      const url = /\/\/# sourceMappingURL=(\S+)\s*$/.exec(data.toString("utf8"))?.[1];
      if (url && !url.startsWith("data:") && !files.has(posix.normalize(posix.join(dir, url))))
        problems.push(`${path}: sourceMappingURL ${url} is not in the tarball`);
    }
  }
  const manifest = files.get("package.json")?.toString("utf8") ?? "";
  if (manifest.includes('"workspace:'))
    problems.push("packed package.json still has a workspace: specifier");
  return problems;
}

/** npm-installs the tarballs (+ `extra` specs) into a fresh project at `dir`. */
async function installConsumer(dir, tarballs, extra = ["@types/node@^20"]) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, "package.json"),
    `${JSON.stringify({ name: "kit-consumer", version: "1.0.0", private: true }, null, 2)}\n`,
  );
  const args = [
    "install",
    "--no-audit",
    "--no-fund",
    "--prefer-offline",
    "--loglevel=error",
    ...tarballs,
    ...extra,
  ];
  const { code, out } = await run("npm", args, { cwd: dir });
  return code === 0 ? [] : [`npm install failed:${tail(out)}`];
}

/** Every specifier loads via import() and via require() and has at least one runtime export. */
async function checkLoads(dir, specs) {
  const probe = (load) =>
    `const r = {}; for (const s of ${JSON.stringify(specs)}) { try { r[s] = Object.keys(${load}).length } ` +
    `catch (e) { r[s] = String(e?.message ?? e).split("\\n")[0] } } console.log(JSON.stringify(r));`;
  const runs = [
    ["import()", ["--input-type=module", "-e", probe("await import(s)")]],
    ["require()", ["-e", probe("require(s)")]],
  ];
  const problems = [];
  for (const [how, args] of runs) {
    const { code, out, stdout } = await run(process.execPath, args, { cwd: dir });
    let result;
    try {
      result = JSON.parse(stdout.split("\n").at(-1));
    } catch {
      problems.push(`${how} probe crashed (exit ${code}):${tail(out)}`);
      continue;
    }
    for (const [spec, keys] of Object.entries(result)) {
      if (typeof keys === "string") problems.push(`${how} of ${spec} failed: ${keys}`);
      else if (keys === 0) problems.push(`${how} of ${spec} exposes no runtime exports`);
    }
  }
  return problems;
}

/** An ESM (.mts) and a CommonJS (.cts) consumer type-check against every specifier. */
async function checkTypes(dir, specs) {
  const esm = specs.map((s, i) => `import * as m${i} from "${s}";`);
  const cjs = specs.map((s, i) => `import m${i} = require("${s}");`);
  const use = `export const modules = [${specs.map((_, i) => `m${i}`).join(", ")}];\n`;
  writeFileSync(join(dir, "esm.mts"), `${esm.join("\n")}\n${use}`);
  writeFileSync(join(dir, "cjs.cts"), `${cjs.join("\n")}\n${use}`);
  // skipLibCheck: false so the packages' own .d.ts files are checked as a consumer compiles them.
  // It also checks third-party .d.ts (e.g. fastify 5.12, which is clean) and costs ~1.5 s for
  // @types/node; if a dependency's types ever break this, pin or fix that dependency.
  const compilerOptions = {
    module: "nodenext",
    moduleResolution: "nodenext",
    target: "es2022",
    strict: true,
    noEmit: true,
    skipLibCheck: false,
    types: ["node"],
  };
  writeFileSync(
    join(dir, "tsconfig.json"),
    JSON.stringify({ compilerOptions, files: ["esm.mts", "cjs.cts"] }, null, 2),
  );
  const { code, out } = await run(process.execPath, [TSC, "-p", dir, "--pretty", "false"], {
    cwd: dir,
  });
  return code === 0 ? [] : [`consumer type-check failed:${tail(out)}`];
}

/** publint on the tarball, strict: errors and warnings fail, suggestions are only printed. */
async function checkPublint(tarball, notes) {
  const { publint } = await import(pathToFileURL(rootRequire.resolve("publint")).href);
  const { formatMessage } = await import(pathToFileURL(rootRequire.resolve("publint/utils")).href);
  const data = readFileSync(tarball);
  const { messages, pkg } = await publint({
    pack: { tarball: data.buffer.slice(data.byteOffset, data.byteOffset + data.length) },
    strict: true,
  });
  const problems = [];
  for (const m of messages) {
    const text = `publint ${m.type}: ${formatMessage(m, pkg, { color: false })}`;
    (m.type === "suggestion" ? notes : problems).push(text);
  }
  return problems;
}

/** Are the Types Wrong, on the tarball, with the esm-only profile. */
async function checkAttw(tarball) {
  const args = [
    ATTW,
    tarball,
    "--profile",
    "esm-only",
    "--format",
    "table-flipped",
    "--no-color",
    "--no-emoji",
  ];
  const { code, out } = await run(process.execPath, args);
  return code === 0 ? [] : [`attw found problems:${tail(out, 30)}`];
}

/** Bytes and files under `dir`, recursively (symbolic links not followed). */
function diskUsage(dir) {
  let bytes = 0;
  let files = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      const sub = diskUsage(path);
      bytes += sub.bytes;
      files += sub.files;
    } else if (entry.isFile()) {
      bytes += statSync(path).size;
      files++;
    }
  }
  return { bytes, files };
}

/** Installs the tarballs alone into a fresh project; returns node_modules' size and problems. */
async function installSize(dir, tarballs) {
  const problems = await installConsumer(dir, tarballs, []);
  const size = problems.length ? { bytes: 0, files: 0 } : diskUsage(join(dir, "node_modules"));
  rmSync(dir, { recursive: true, force: true });
  return { ...size, problems };
}

// ---------------------------------------------------------------------------------------------
// main

/** `pnpm pack`s a package into `dest`; returns the tarball's path. */
async function pack(dir, dest) {
  const { code, out, stdout } = await run("pnpm", ["pack", "--json", "--pack-destination", dest], {
    cwd: dir,
  });
  if (code !== 0) throw new Error(`pnpm pack failed:${tail(out)}`);
  return JSON.parse(stdout.slice(stdout.indexOf("{"))).filename;
}

/** A package's result before any measurement: { problems, notes, and every size 0 }. */
function emptyResult(problems = []) {
  return {
    problems,
    notes: [],
    packed: 0,
    unpacked: 0,
    files: 0,
    installed: 0,
    installedFiles: 0,
  };
}

/**
 * Runs every check for one package; returns { problems, notes, packed, unpacked, files,
 * installed, installedFiles }.
 */
async function checkPackage({ dir, pkg }, tarball, coreTarball, work) {
  const result = emptyResult();
  if (pkg.exports && !existsSync(join(dir, "dist")))
    result.problems.push("no dist/: run `pnpm build` first");
  const files = readTarball(tarball);
  result.packed = statSync(tarball).size;
  result.files = files.size;
  for (const data of files.values()) result.unpacked += data.length;
  result.problems.push(...checkContents(files));

  const specs = specifiers(pkg);
  const consumer = join(work, `consumer-${basename(dir)}`);
  const tarballs = tarball === coreTarball ? [tarball] : [tarball, coreTarball];
  const consumerChecks = async () => {
    const installed = await installConsumer(consumer, tarballs);
    if (installed.length) return installed;
    const [loads, types] = await Promise.all([
      checkLoads(consumer, specs),
      checkTypes(consumer, specs),
    ]);
    return [...loads, ...types];
  };
  const [size, ...found] = await Promise.all([
    installSize(join(work, `alone-${basename(dir)}`), tarballs),
    consumerChecks(),
    checkPublint(tarball, result.notes),
    checkAttw(tarball),
  ]);
  result.problems.push(...found.flat(), ...size.problems);
  result.installed = size.bytes;
  result.installedFiles = size.files;
  rmSync(consumer, { recursive: true, force: true });
  return result;
}

async function main() {
  const started = Date.now();
  const selected = selectPackages(args.filter((a) => a !== dirArg));
  const work = mkdtempSync(join(tmpdir(), "kit-check-packages-"));
  process.on("exit", () => rmSync(work, { recursive: true, force: true }));
  for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => process.exit(130));

  // Pack @kit/endpoint first (every other package installs it), even when only others are checked.
  const tarballs = new Map();
  const core = selectPackages([]).find((p) => p.pkg.name === CORE);
  if (!core) throw new Error(`${CORE} not found in ${packagesDir}`);
  tarballs.set(CORE, await pack(core.dir, work));
  for (const p of selected.filter((p) => p !== core)) {
    tarballs.set(p.pkg.name, await pack(p.dir, work).catch((err) => err)); // a failure is that package's
  }

  const rows = [];
  let failed = 0;
  for (const p of selected) {
    const t0 = Date.now();
    const tarball = tarballs.get(p.pkg.name);
    const r =
      tarball instanceof Error
        ? emptyResult([tarball.message])
        : await checkPackage(p, tarball, tarballs.get(CORE), work);
    const ok = r.problems.length === 0;
    if (!ok) failed++;
    const secs = ((Date.now() - t0) / 1000).toFixed(1);
    console.log(
      `${p.pkg.name}  ${ok ? "ok" : "FAIL"}  packed ${kB(r.packed)}, unpacked ${kB(r.unpacked)}, ${r.files} files, installed ${size(r.installed)} (${r.installedFiles} files)  (${secs}s)`,
    );
    for (const line of [...r.problems, ...r.notes]) console.log(`  - ${line}`);
    rows.push(
      `| \`${p.pkg.name}\` | ${kB(r.packed)} | ${kB(r.unpacked)} | ${r.files} | ${size(r.installed)} |`,
    );
  }

  console.log(
    `\n| package | packed | unpacked | files | installed with dependencies |\n| --- | ---: | ---: | ---: | ---: |\n${rows.join("\n")}\n`,
  );
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`packages: ${selected.length - failed} ok, ${failed} failed (${secs}s)`);
  process.exitCode = failed ? 1 : 0;
}

main().catch((err) => {
  console.error(`check-packages: ${err.message ?? err}`);
  process.exitCode = 1;
});
