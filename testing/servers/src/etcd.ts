/**
 * Real etcd servers for tests: single members or a loopback cluster, on free loopback ports with
 * temporary data dirs, each stopped by its own PID. The package's test command installs the
 * Debian package `etcd-server`; when the binary is missing, starting fails loudly.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "./free-port.js";

/** One etcd member; every method acts on this process only, by its PID. */
export interface EtcdMember {
  readonly name: string;
  /** Its client URL, `http://127.0.0.1:PORT`. */
  readonly url: string;
  /** Kills the process (SIGKILL) and resolves when it has exited. */
  kill(): Promise<void>;
  /** Starts it again on the same ports and data dir; resolves when `/health` says true. */
  restart(): Promise<void>;
  /** Kills it (if running) and removes its data dir. */
  close(): Promise<void>;
}

interface Spec {
  name: string;
  clientPort: number;
  peerPort: number;
  dataDir: string;
  initialCluster: string;
}

function spawnEtcd(spec: Spec): ChildProcess {
  const client = `http://127.0.0.1:${spec.clientPort}`;
  const peer = `http://127.0.0.1:${spec.peerPort}`;
  const child = spawn(
    "etcd",
    [
      "--name",
      spec.name,
      "--data-dir",
      spec.dataDir,
      "--listen-client-urls",
      client,
      "--advertise-client-urls",
      client,
      "--listen-peer-urls",
      peer,
      "--initial-advertise-peer-urls",
      peer,
      "--initial-cluster",
      spec.initialCluster,
      "--initial-cluster-state",
      "new",
      "--heartbeat-interval=10",
      "--election-timeout=100",
      "--logger=zap",
      "--log-level=error",
    ],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  let log = "";
  child.stderr?.on("data", (d) => {
    log = (log + d).slice(-4_000);
  });
  child.on("error", (err: NodeJS.ErrnoException) => {
    log +=
      err.code === "ENOENT"
        ? "etcd is not installed: these tests need a real etcd " +
          "(apt-get install -y etcd-server; the package's test command does this)"
        : String(err);
  });
  Object.defineProperty(child, "log", { get: () => log });
  return child;
}

/** Polls `/health` until it reports true; fails with the server's log after 15 s. */
async function healthy(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const log = (child as ChildProcess & { log: string }).log;
    if (child.exitCode !== null || child.signalCode !== null || log.includes("not installed")) {
      throw new Error(`etcd at ${url} did not start:\n${log}`);
    }
    try {
      const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(1_000) });
      const body = (await res.json()) as { health?: string };
      if (body.health === "true") return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`etcd at ${url} not healthy within 15 s:\n${log}`);
    await new Promise((resolve) => setTimeout(resolve, 50)); // polling an external process
  }
}

async function end(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = once(child, "exit");
  process.kill(child.pid, signal);
  await exited;
}

function member(spec: Spec): EtcdMember & { started: () => Promise<void> } {
  const url = `http://127.0.0.1:${spec.clientPort}`;
  let child = spawnEtcd(spec);
  return {
    name: spec.name,
    url,
    started: () => healthy(url, child),
    kill: () => end(child, "SIGKILL"),
    async restart() {
      await end(child, "SIGKILL");
      child = spawnEtcd(spec);
      await healthy(url, child);
    },
    async close() {
      await end(child, "SIGKILL");
      rmSync(spec.dataDir, { recursive: true, force: true });
    },
  };
}

/** Starts a cluster of `size` members on loopback; resolves when every member is healthy. */
export async function startEtcdCluster(size: number): Promise<EtcdMember[]> {
  const specs: Spec[] = [];
  for (let i = 0; i < size; i++) {
    specs.push({
      name: `m${i}`,
      clientPort: await freePort(),
      peerPort: await freePort(),
      dataDir: mkdtempSync(join(tmpdir(), "kit-etcd-")),
      initialCluster: "",
    });
  }
  const initialCluster = specs.map((s) => `${s.name}=http://127.0.0.1:${s.peerPort}`).join(",");
  const members = specs.map((s) => member({ ...s, initialCluster }));
  try {
    await Promise.all(members.map((m) => m.started()));
  } catch (err) {
    await Promise.all(members.map((m) => m.close()));
    throw err;
  }
  return members;
}

/** Starts one etcd member on free loopback ports. */
export async function startEtcd(): Promise<EtcdMember> {
  const [only] = await startEtcdCluster(1);
  if (!only) throw new Error("no etcd member started");
  return only;
}
