// Load on an HTTP server with autocannon: POST /sum over keep-alive connections, every response
// checked for its status and its body, latencies kept at microsecond resolution (autocannon's
// own histogram counts whole milliseconds, too coarse for loopback).
import { createHistogram } from "node:perf_hooks";
import autocannon from "autocannon";
import type { LoadResult } from "../protocol.js";
import { sumBody, sumExpected } from "../sum.js";

/** Runs autocannon against `http://address/sum` for `durationMs` with `connections`. */
export function autocannonLoad(
  address: string,
  connections: number,
  durationMs: number,
): Promise<LoadResult> {
  const latency = createHistogram({ lowest: 1, highest: 60_000_000_000, figures: 3 });
  const cpu0 = process.cpuUsage();
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: `http://${address}/sum`,
        method: "POST",
        headers: { "content-type": "application/json" },
        body: sumBody,
        connections,
        duration: durationMs / 1000,
        verifyBody: isExpectedSum,
      },
      (err, result) => {
        if (err) {
          reject(err);
          return;
        }
        const cpu = process.cpuUsage(cpu0);
        // A 2xx answer with the wrong body is counted by autocannon as both; keep it out of "ok".
        const ok = result["2xx"] - result.mismatches;
        resolve({
          ok,
          seconds: result.duration,
          p50Ms: ok > 0 ? latency.percentile(50) / 1e6 : 0,
          p99Ms: ok > 0 ? latency.percentile(99) / 1e6 : 0,
          errors: result.errors,
          non2xx: result.non2xx,
          mismatches: result.mismatches,
          cpuUs: cpu.user + cpu.system,
        });
      },
    );
    instance.on("response", (_client, status, _bytes, ms) => {
      if (status >= 200 && status < 300) latency.record(Math.max(1, Math.round(ms * 1e6)));
    });
  });
}

function isExpectedSum(body: string | Buffer | undefined): boolean {
  if (body === undefined) return false;
  try {
    const parsed: unknown = JSON.parse(body.toString());
    return (
      typeof parsed === "object" && parsed !== null && (parsed as { v?: unknown }).v === sumExpected
    );
  } catch {
    return false;
  }
}
