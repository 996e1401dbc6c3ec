import { spawn } from "node:child_process";

/** What `promtool check metrics` said about some exposition text. */
export interface PromtoolResult {
  code: number | null;
  output: string;
}

/**
 * Runs the real `promtool check metrics` with `text` on stdin. Rejects loudly when promtool is not
 * installed (Debian package `prometheus`): these tests must not pass without it.
 */
export function promtoolCheckMetrics(text: string): Promise<PromtoolResult> {
  return new Promise((resolve, reject) => {
    const child = spawn("promtool", ["check", "metrics"], { stdio: ["pipe", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d) => {
      output += d;
    });
    child.stderr.on("data", (d) => {
      output += d;
    });
    child.on("error", (err) =>
      reject(
        new Error(
          `promtool could not run (${(err as Error).message}); install it: apt-get install -y prometheus`,
          { cause: err },
        ),
      ),
    );
    child.on("close", (code) => resolve({ code, output }));
    child.stdin.on("error", () => {}); // the spawn error above reports a missing binary
    child.stdin.end(text);
  });
}
