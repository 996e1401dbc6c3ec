import type { ChildProcessWithoutNullStreams } from "node:child_process";
import { spawn } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";

const dist = join(__dirname, "..", "..", "dist", "cmd");

/** What a finished process left behind. */
export interface Finished {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a program to its end, collecting its output. */
export function runToEnd(file: string, args: readonly string[]): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** Runs a built command (dist/cmd) to its end. */
export function run(command: "addsvc" | "addcli", args: readonly string[]): Promise<Finished> {
  return runToEnd(process.execPath, [join(dist, `${command}.js`), ...args]);
}

/** A running addsvc process and the addresses it printed. */
export interface AddsvcProcess {
  readonly child: ChildProcessWithoutNullStreams;
  readonly addresses: Record<string, string>;
  readonly exited: Promise<number | null>;
  readonly output: string[];
}

/**
 * Starts the built addsvc with every listener on a free port and the given extra flags (default:
 * rate limits high enough for a test's burst); resolves once it is ready.
 */
export function startAddsvcProcess(
  flags: readonly string[] = ["--sum-rate", "1000", "--sum-burst", "1000"],
): Promise<AddsvcProcess> {
  const child = spawn(process.execPath, [
    join(dist, "addsvc.js"),
    ...["--debug-addr", "--http-addr", "--grpc-addr", "--jsonrpc-addr"].flatMap((f) => [
      f,
      "127.0.0.1:0",
    ]),
    ...flags,
  ]);
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const output: string[] = [];
  const addresses: Record<string, string> = {};
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).on("line", (line) => {
      output.push(line);
      const listening = /^addsvc: (\w+) listening on (\S+)$/.exec(line);
      if (listening) addresses[listening[1]!] = listening[2]!;
      if (line.includes("press Ctrl-C")) resolve({ child, addresses, exited, output });
    });
    void exited.then((code) => reject(new Error(`addsvc exited early with ${code}`)));
  });
}
