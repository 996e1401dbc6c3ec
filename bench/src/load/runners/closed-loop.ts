// A closed-loop load generator: a fixed number of callers, each sending its next request as soon
// as the previous one is answered, for a fixed time. Used where autocannon cannot go (gRPC) and
// for the clients under test.
import { createHistogram } from "node:perf_hooks";
import type { LoadResult } from "../protocol.js";

/**
 * Sends request number `n` and says whether its answer was the expected one. Throwing counts as
 * an error; `"non2xx"` as an answer with a failing status.
 */
export type Call = (n: number) => Promise<boolean | "non2xx">;

/** Runs `concurrency` callers of `call` for `durationMs` and measures what came back. */
export async function closedLoop(
  call: Call,
  concurrency: number,
  durationMs: number,
): Promise<LoadResult> {
  const latency = createHistogram({ lowest: 1, highest: 60_000_000_000, figures: 3 });
  let next = 0;
  let ok = 0;
  let errors = 0;
  let non2xx = 0;
  let mismatches = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const end = t0 + durationMs;
  const caller = async (): Promise<void> => {
    while (performance.now() < end) {
      const started = performance.now();
      try {
        const answer = await call(next++);
        if (answer === true) {
          ok++;
          latency.record(Math.max(1, Math.round((performance.now() - started) * 1e6)));
        } else if (answer === "non2xx") non2xx++;
        else mismatches++;
      } catch {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, caller));
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return {
    ok,
    seconds,
    p50Ms: ok > 0 ? latency.percentile(50) / 1e6 : 0,
    p99Ms: ok > 0 ? latency.percentile(99) / 1e6 : 0,
    errors,
    non2xx,
    mismatches,
    cpuUs: cpu.user + cpu.system,
  };
}
