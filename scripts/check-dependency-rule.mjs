#!/usr/bin/env node
// Enforces the dependency rule (docs/architecture.md, "The dependency rule"):
// a package may depend on no @kit/* package other than @kit/endpoint, and
// @kit/endpoint itself depends on nothing at runtime.
//
// Usage: node scripts/check-dependency-rule.mjs [packagesDir]   (default: <repo>/packages)
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const CORE = "@kit/endpoint";
const FIELDS = ["dependencies", "peerDependencies", "optionalDependencies"];
const RULE = 'see docs/architecture.md, "The dependency rule"';

const repoRoot = fileURLToPath(new URL("..", import.meta.url));
const packagesDir = resolve(process.argv[2] ?? join(repoRoot, "packages"));

/** Every package.json directly under packagesDir/<dir>/. */
function manifests(dir) {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => join(dir, e.name, "package.json"))
    .filter((file) => existsSync(file));
}

/** The rule's violations for one manifest, as messages. */
function violations(pkg) {
  const found = [];
  for (const field of FIELDS) {
    for (const dep of Object.keys(pkg[field] ?? {})) {
      if (pkg.name === CORE) {
        found.push(`${CORE} has ${field} (${dep}) — ${CORE} must depend on nothing (${RULE})`);
      } else if (dep.startsWith("@kit/") && dep !== CORE) {
        found.push(`depends on ${dep} (${field}) — packages may depend only on ${CORE} (${RULE})`);
      }
    }
  }
  return found;
}

const files = manifests(packagesDir);
let failed = 0;
for (const file of files) {
  for (const message of violations(JSON.parse(readFileSync(file, "utf8")))) {
    console.error(`${relative(process.cwd(), file)}: ${message}`);
    failed++;
  }
}
if (failed) {
  console.error(`dependency rule: ${failed} violation${failed === 1 ? "" : "s"}`);
  process.exit(1);
}
console.log(`dependency rule: ${files.length} package${files.length === 1 ? "" : "s"} ok`);
