// Installs the Debian packages that tests need (real servers such as etcd or redis) when their
// commands are missing. Each workspace package declares them in its package.json:
//   "kit": { "systemPackages": { "<command or absolute path>": "<debian package>" } }
// so adding a package that needs a new server needs no change here. A key with a slash is a
// file the package installs off the PATH (ZooKeeper's /usr/share/zookeeper/bin/zkServer.sh).
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

/** Command -> Debian package, gathered from every workspace package. */
function wanted() {
  const map = new Map();
  for (const group of ["packages", "examples", "testing"]) {
    const dir = join(root, group);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir)) {
      const file = join(dir, name, "package.json");
      if (!existsSync(file)) continue;
      const declared = JSON.parse(readFileSync(file, "utf8")).kit?.systemPackages ?? {};
      for (const [command, pkg] of Object.entries(declared)) map.set(command, pkg);
    }
  }
  return map;
}

const hasCommand = (command) =>
  command.includes("/")
    ? existsSync(command)
    : spawnSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" }).status === 0;

const needed = wanted();
const missing = [...needed].filter(([command]) => !hasCommand(command)).map(([, pkg]) => pkg);
if (missing.length === 0) {
  console.log(`system packages: ${needed.size} needed, all present`);
  process.exit(0);
}
const asRoot = process.getuid?.() === 0;
const apt = (...args) =>
  execFileSync(asRoot ? "apt-get" : "sudo", asRoot ? args : ["apt-get", ...args], {
    stdio: "inherit",
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
  });
console.log(`system packages: installing ${missing.join(", ")}`);
apt("update", "-qq");
apt("install", "-y", "-qq", "--no-install-recommends", ...new Set(missing));
