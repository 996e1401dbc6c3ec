import type { ChildProcessWithoutNullStreams } from "node:child_process";
import { spawn } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";
import type { Finished } from "./processes.js";
import { runToEnd } from "./processes.js";

/** The Go interop peers' sources (go-kit 0.10; see interop/go/README.md). */
const goDir = join(__dirname, "..", "..", "interop", "go");
/** Where the tests build the Go peers: git-ignored, shared with a manual `build.sh`. */
export const goBinDir = join(goDir, ".build", "bin");

/**
 * Builds `addsvc-go` and `addcli-go` with interop/go/build.sh (which apt-installs Go and go-kit
 * 0.10 when they are missing). Rejects with the script's whole output when it fails.
 */
export async function buildGoPeers(): Promise<void> {
  const res = await runToEnd(join(goDir, "build.sh"), [goBinDir]);
  if (res.code !== 0)
    throw new Error(
      `interop/go/build.sh failed with exit status ${res.code}; the Go interop suite needs it\n` +
        `--- stdout ---\n${res.stdout}\n--- stderr ---\n${res.stderr}`,
    );
}

/** Runs the built `addcli-go` to its end. */
export function runGoCli(args: readonly string[]): Promise<Finished> {
  return runToEnd(join(goBinDir, "addcli-go"), args);
}

/** A running `addsvc-go`. */
export interface GoAddsvc {
  /** The bound `host:port` of each listener, from the line it printed. */
  readonly addresses: { readonly http: string; readonly grpc: string; readonly jsonrpc: string };
  /** Stops it by its own PID (SIGTERM, then SIGKILL after 5 s) and waits for it to exit. */
  stop(): Promise<void>;
}

/**
 * Starts the built `addsvc-go` with every listener on a free loopback port and resolves once it
 * has printed its addresses (which it does after binding them all).
 */
export function startGoAddsvc(): Promise<GoAddsvc> {
  const child: ChildProcessWithoutNullStreams = spawn(join(goBinDir, "addsvc-go"), [
    "-quiet",
    ...["-http-addr", "-grpc-addr", "-jsonrpc-addr"].flatMap((flag) => [flag, "127.0.0.1:0"]),
  ]);
  let stderr = "";
  child.stderr.on("data", (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  let running = true;
  void exited.then(() => {
    running = false;
  });

  const stop = async () => {
    if (!running || child.pid === undefined) return;
    process.kill(child.pid, "SIGTERM");
    const timer = setTimeout(() => {
      if (running && child.pid !== undefined) process.kill(child.pid, "SIGKILL");
    }, 5000);
    await exited;
    clearTimeout(timer);
  };

  return new Promise((resolve, reject) => {
    child.once("error", reject);
    void exited.then(() =>
      reject(new Error(`addsvc-go exited before printing its addresses:\n${stderr}`)),
    );
    createInterface({ input: child.stdout }).once("line", (line) => {
      const addresses = JSON.parse(line) as GoAddsvc["addresses"];
      if (!addresses.http || !addresses.grpc || !addresses.jsonrpc) {
        void stop();
        reject(new Error(`addsvc-go printed an unexpected address line: ${line}`));
        return;
      }
      resolve({ addresses, stop });
    });
  });
}
