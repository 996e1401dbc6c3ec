import type { ChildProcess } from "node:child_process";
import { spawn } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";

const command = join(__dirname, "..", "..", "..", "dist", "cmd", "addsvc.js");

/** Flags that set the Sum and Concat rate limiters so high that no test reaches them. */
export const highLimits: readonly string[] = [
  "--sum-rate",
  "1e9",
  "--sum-burst",
  "1e9",
  "--concat-rate",
  "1e9",
  "--concat-burst",
  "1e9",
];

/** How a child process ended. */
export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** The built addsvc command, running as a child process. */
export interface AddsvcChild {
  readonly child: ChildProcess;
  /** The bound address of each listener, from the lines it printed. */
  readonly addresses: Readonly<Record<string, string>>;
  /** Resolves when it has exited. */
  readonly exited: Promise<Exit>;
  /** The last few kilobytes it wrote to stderr (its request log), for failure messages. */
  stderrTail(): string;
  /** Ends it by its own PID if it still runs (SIGKILL) and waits for the exit. */
  kill(): Promise<void>;
}

/** Options for {@link startAddsvcChild}. */
export interface ChildOptions {
  /** Node flags, such as `--expose-gc`. Default none. */
  readonly nodeFlags?: readonly string[];
  /** Opens an IPC channel to the child (`child.send`, `child.on("message")`). Default false. */
  readonly ipc?: boolean;
}

/**
 * Starts `dist/cmd/addsvc.js` with every listener on a free loopback port plus `flags`, and
 * resolves once it says it is ready. Its stderr (one log record per request) is drained, so a
 * long run never blocks on a full pipe.
 */
export function startAddsvcChild(
  flags: readonly string[],
  options: ChildOptions = {},
): Promise<AddsvcChild> {
  const { nodeFlags = [], ipc = false } = options;
  const listeners = ["--debug-addr", "--http-addr", "--grpc-addr", "--jsonrpc-addr"];
  const child = spawn(
    process.execPath,
    [...nodeFlags, command, ...listeners.flatMap((f) => [f, "127.0.0.1:0"]), ...flags],
    { stdio: ipc ? ["ignore", "pipe", "pipe", "ipc"] : ["ignore", "pipe", "pipe"] },
  );
  let tail = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    tail = (tail + chunk.toString("utf8")).slice(-4096);
  });
  const exited = new Promise<Exit>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  const addresses: Record<string, string> = {};
  const kill = async () => {
    if (child.exitCode === null && child.signalCode === null && child.pid !== undefined)
      process.kill(child.pid, "SIGKILL");
    await exited;
  };
  return new Promise((resolve, reject) => {
    if (!child.stdout) return reject(new Error("addsvc has no stdout"));
    createInterface({ input: child.stdout }).on("line", (line) => {
      const listening = /^addsvc: (\w+) listening on (\S+)$/.exec(line);
      if (listening?.[1] && listening[2]) addresses[listening[1]] = listening[2];
      if (line.includes("press Ctrl-C"))
        resolve({ child, addresses, exited, stderrTail: () => tail, kill });
    });
    void exited.then(({ code, signal }) =>
      reject(new Error(`addsvc exited early (${code ?? signal}):\n${tail}`)),
    );
  });
}
