// One measured run of one row: a fresh load process on core 1, the server's CPU read around its
// measured phase.
import { fileURLToPath } from "node:url";
import type { Case } from "./cases.js";
import { spawnPinned } from "./children.js";
import { processCpuUs } from "./proc-cpu.js";
import type { LoadSpec, ResultLine, StartLine } from "./protocol.js";

/** What one run of one row measured. */
export interface Sample {
  /** Good answers per second. */
  readonly rps: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** CPU µs per good answer: the server's for server rows, the client's for client rows. */
  readonly cpuUsPerReq: number;
  /** CPU the load process used over the measured phase, in % of one core. */
  readonly loadBusyPct: number;
  readonly ok: number;
  readonly errors: number;
  readonly non2xx: number;
  readonly mismatches: number;
}

/** Where the row's load goes and whose CPU counts. */
export interface RunTarget {
  readonly address: string;
  readonly serverPid: number;
  readonly cpuOf: "server" | "client";
}

/** The core servers run on; load processes and clients under test run on {@link loadCore}. */
export const serverCore = 0;
/** The core of the load generator (or the client under test). */
export const loadCore = 1;

const loadScript = fileURLToPath(new URL("./load.js", import.meta.url));

/** Runs row `c` against `target`: `warmupMs` unmeasured, then `durationMs` measured. */
export async function measure(
  c: Case,
  target: RunTarget,
  concurrency: number,
  warmupMs: number,
  durationMs: number,
): Promise<Sample> {
  const spec: LoadSpec = {
    kind: c.load,
    address: target.address,
    concurrency,
    warmupMs,
    durationMs,
  };
  const child = spawnPinned(`load ${c.id}`, loadCore, loadScript, [JSON.stringify(spec)]);
  const timeoutMs = warmupMs + durationMs + 30_000;
  try {
    await child.next<StartLine>(timeoutMs);
    const cpu0 = processCpuUs(target.serverPid);
    const { result } = await child.next<ResultLine>(timeoutMs);
    const serverCpuUs = processCpuUs(target.serverPid) - cpu0;
    await child.closed;
    const cpuUs = target.cpuOf === "server" ? serverCpuUs : result.cpuUs;
    return {
      rps: result.ok / result.seconds,
      p50Ms: result.p50Ms,
      p99Ms: result.p99Ms,
      cpuUsPerReq: result.ok > 0 ? cpuUs / result.ok : 0,
      loadBusyPct: result.cpuUs / (result.seconds * 1e4),
      ok: result.ok,
      errors: result.errors,
      non2xx: result.non2xx,
      mismatches: result.mismatches,
    };
  } finally {
    await child.stop(2000);
  }
}
