// The whole test suite, as one command: system packages, build, typecheck, lint, the
// dependency rule, changesets, the packaging check, the adapter template, then every jest
// project. Ends with the line `N passed, N failed` (jest's test totals; a failed step counts as
// one failure) and exits non-zero when anything failed. Extra arguments go to jest.
import { spawnSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const env = { ...process.env, TURBO_TELEMETRY_DISABLED: "1", FORCE_COLOR: "0" };

/** Runs one step, streaming its output; returns whether it succeeded. */
function step(name, command, args) {
  console.log(`\n== ${name}: ${command} ${args.join(" ")}`);
  const t0 = Date.now();
  const r = spawnSync(command, args, { cwd: root, env, stdio: "inherit" });
  const ok = r.status === 0;
  console.log(`== ${name}: ${ok ? "ok" : "FAILED"} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return ok;
}

const node = process.execPath;
const bin = (pkg, file) => join(root, "node_modules", pkg, file);
const failedSteps = [];
const run = (name, command, args) => step(name, command, args) || failedSteps.push(name);

run("system packages", node, ["scripts/ensure-system-packages.mjs"]);
run("build and typecheck", "pnpm", [
  "exec",
  "turbo",
  "run",
  "build",
  "typecheck",
  "--output-logs=errors-only",
]);
run("lint", node, [bin("@biomejs/biome", "bin/biome"), "check", "."]);
run("dependency rule", node, ["scripts/check-dependency-rule.mjs"]);
run("changesets", node, ["scripts/check-changesets.mjs"]);
run("packaging", node, ["scripts/check-packages.mjs"]);
run("adapter template", node, ["scripts/check-adapter-template.mjs"]);

const out = join(tmpdir(), `kit-jest-${process.pid}.json`);
const jestArgs = ["--ci", "--json", `--outputFile=${out}`, ...process.argv.slice(2)];
run("jest", node, [bin("jest", "bin/jest.js"), ...jestArgs]);

let report = null;
try {
  report = JSON.parse(readFileSync(out, "utf8"));
  rmSync(out);
} catch {
  failedSteps.push("jest report");
}
const passed = report?.numPassedTests ?? 0;
const failed =
  (report ? report.numFailedTests + report.numRuntimeErrorTestSuites : 0) + failedSteps.length;
const skipped = report ? report.numPendingTests + report.numTodoTests : 0;

if (failedSteps.length) console.log(`\nfailed steps: ${failedSteps.join(", ")}`);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failed === 0 ? 0 : 1);
