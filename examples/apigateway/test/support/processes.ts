import type { ChildProcess } from "node:child_process";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";

const addsvcCommand = require.resolve("@kit/example-addsvc/dist/cmd/addsvc.js");

/** An addsvc command running in its own process, HTTP only. */
export interface AddsvcProcess {
  readonly child: ChildProcess;
  /** Its bound HTTP `host:port`. */
  readonly http: string;
  /** SIGKILL: the process dies without deregistering. */
  kill(): Promise<void>;
}

/** Starts the built addsvc command with an HTTP listener on a free port and `flags`. */
export async function startAddsvcProcess(flags: readonly string[]): Promise<AddsvcProcess> {
  const child = spawn(
    process.execPath,
    [
      addsvcCommand,
      ...["--debug-addr", "", "--grpc-addr", "", "--jsonrpc-addr", ""],
      ...["--http-addr", "127.0.0.1:0", "--sum-rate", "1000000", "--sum-burst", "1000000"],
      ...flags,
    ],
    { stdio: ["ignore", "pipe", "ignore"] },
  );
  const exited = once(child, "exit");
  const http = await new Promise<string>((resolve, reject) => {
    let address = "";
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on("line", (line) => {
      const listening = /^addsvc: http listening on (\S+)$/.exec(line);
      if (listening) address = listening[1] as string;
      if (line.includes("press Ctrl-C")) resolve(address);
    });
    void exited.then(([code]) => reject(new Error(`addsvc exited early with ${code}`)));
  });
  return {
    child,
    http,
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
      process.kill(child.pid, "SIGKILL");
      await exited;
    },
  };
}
