// Child processes pinned to one core with taskset, talking in JSON lines on stdout. Every child
// is tracked by PID and killed when the parent ends, however it ends; children also exit by
// themselves when their stdin closes (the parent died without cleaning up).
import type { ChildProcess } from "node:child_process";
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";

/** A running child: its PID, its next stdout JSON line, its end. */
export interface PinnedChild {
  readonly pid: number;
  /** The next JSON line it prints, parsed; rejects when it ends first or after `timeoutMs`. */
  next<T>(timeoutMs: number): Promise<T>;
  /** Resolves with its exit code (or signal) once it is gone and its output is read. */
  readonly closed: Promise<string>;
  /**
   * Asks it to stop by closing its stdin (so it exits normally and `--cpu-prof` writes its
   * profile), then kills it (SIGKILL) if it is still there after `graceMs`.
   */
  stop(graceMs: number): Promise<string>;
}

const live = new Set<ChildProcess>();

/** Kills every child still running (SIGKILL, by PID). Synchronous, so it works in `exit`. */
export function killAll(): void {
  for (const child of live) child.kill("SIGKILL");
  live.clear();
}

/** Makes SIGINT, SIGTERM and any exit of the parent kill the children first. */
export function installCleanup(): void {
  process.once("exit", killAll);
  for (const signal of ["SIGINT", "SIGTERM"] as const)
    process.once(signal, () => {
      killAll();
      process.stderr.write(`load: ${signal}, children killed\n`);
      process.exit(130);
    });
}

/** Starts `node ...nodeArgs script ...args` pinned to `core`; `name` appears in errors. */
export function spawnPinned(
  name: string,
  core: number,
  script: string,
  args: readonly string[],
  nodeArgs: readonly string[] = [],
): PinnedChild {
  const command = [String(core), process.execPath, ...nodeArgs, script, ...args];
  const child = spawn("taskset", ["-c", ...command], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  live.add(child);
  const lines: string[] = [];
  const waiting: { resolve: (line: string) => void; reject: (err: Error) => void }[] = [];
  let ended: Error | undefined;

  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on("line", (line) => {
    if (!line.startsWith("{")) {
      process.stderr.write(`${name}: ${line}\n`);
      return;
    }
    const waiter = waiting.shift();
    if (waiter) waiter.resolve(line);
    else lines.push(line);
  });

  const closed = new Promise<string>((resolve) => {
    const end = (how: string) => {
      live.delete(child);
      ended ??= new Error(`${name} ended (${how}) before answering`);
      for (const waiter of waiting.splice(0)) waiter.reject(ended);
      resolve(how);
    };
    child.once("error", (err) => end(err.message));
    child.once("close", (code, signal) => end(signal ?? `exit ${code}`));
  });

  return {
    pid: child.pid ?? -1,
    closed,
    next<T>(timeoutMs: number): Promise<T> {
      const queued = lines.shift();
      if (queued !== undefined) return Promise.resolve(JSON.parse(queued) as T);
      if (ended) return Promise.reject(ended);
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => {
          const i = waiting.indexOf(waiter);
          if (i >= 0) waiting.splice(i, 1);
          reject(new Error(`${name} gave no answer within ${timeoutMs} ms`));
        }, timeoutMs);
        const waiter = {
          resolve: (line: string) => {
            clearTimeout(timer);
            resolve(JSON.parse(line) as T);
          },
          reject: (err: Error) => {
            clearTimeout(timer);
            reject(err);
          },
        };
        waiting.push(waiter);
      });
    },
    async stop(graceMs: number): Promise<string> {
      if (!live.has(child)) return closed;
      child.stdin?.end();
      const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
      try {
        return await closed;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
