// Load benchmarks: @kit's HTTP and gRPC transports against raw fastify, raw node:http, raw
// grpc-js, NestJS and Moleculer, and @kit's clients against raw undici and grpc-js clients.
//
// Every server runs in its own process pinned to core 0; every measured run gets a fresh load
// process pinned to core 1. After one warm-up pass over all rows, the rows are measured in
// rounds, always in the same order (A B C ... A B C ...), so drift on a busy machine hits every
// row alike; a row's figures are medians over rounds, its ratio the median of per-round ratios.
//
// Usage: node bench/dist/load/main.js [--quick] [--cpu-prof]
//   --quick     a short smoke run (2 rounds, short runs), not for quoting
//   --cpu-prof  each server writes a V8 CPU profile to bench/results/profiles/<server>/
import { mkdirSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { readMachine } from "../machine.js";
import type { Case } from "./cases.js";
import { allCases, groups, targets } from "./cases.js";
import type { PinnedChild } from "./children.js";
import { installCleanup, spawnPinned } from "./children.js";
import type { Sample } from "./measure.js";
import { measure, serverCore } from "./measure.js";
import { planFor } from "./plan.js";
import type { ReadyLine, ServerKind } from "./protocol.js";
import type { Measured } from "./report.js";
import { ratioOf, renderReport } from "./report.js";
import type { BarGroup } from "./svg.js";
import { ratioChart } from "./svg.js";

const plan = planFor(process.argv.includes("--quick"));
const profile = process.argv.includes("--cpu-prof");
const serveScript = fileURLToPath(new URL("./serve.js", import.meta.url));
const resultsDir = fileURLToPath(new URL("../../results/", import.meta.url));
const profileDir = `${resultsDir}profiles`;

interface RunningServer {
  readonly child: PinnedChild;
  readonly address: string;
}

function progress(text: string): void {
  process.stderr.write(`load: ${text}\n`);
}

async function startServers(): Promise<Map<ServerKind, RunningServer>> {
  const servers = new Map<ServerKind, RunningServer>();
  for (const kind of new Set(allCases.map((c) => c.server))) {
    const nodeArgs = profile ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}/${kind}`] : [];
    const child = spawnPinned(`server ${kind}`, serverCore, serveScript, [kind], nodeArgs);
    const { port } = await child.next<ReadyLine>(60_000);
    servers.set(kind, { child, address: `127.0.0.1:${port}` });
    progress(`${kind} listening on 127.0.0.1:${port} (pid ${child.pid})`);
  }
  return servers;
}

function runRow(
  servers: ReadonlyMap<ServerKind, RunningServer>,
  c: Case,
  warmupMs: number,
  durationMs: number,
): Promise<Sample> {
  const server = servers.get(c.server);
  if (!server) throw new Error(`load: server ${c.server} is not running`);
  const cpuOf = groups.find((g) => g.cases.includes(c))?.cpuOf ?? "server";
  return measure(
    c,
    { address: server.address, serverPid: server.child.pid, cpuOf },
    plan.concurrency,
    warmupMs,
    durationMs,
  );
}

function chartGroups(measured: Measured): BarGroup[] {
  const byTarget = new Map(targets.map((t) => [`${t.numerator}/${t.denominator}`, t.min]));
  const bars: BarGroup[] = groups.map((g) => ({
    title: g.title,
    bars: g.cases.map((c) => {
      const r = ratioOf(measured, c.id, g.reference);
      const target = byTarget.get(`${c.id}/${g.reference}`);
      return {
        label: c.label,
        value: r.median,
        min: r.min,
        max: r.max,
        reference: c.id === g.reference,
        ...(target === undefined ? {} : { target }),
      };
    }),
  }));
  bars.push({
    title: "Targets: full stack over peers",
    bars: targets
      .filter((t) => !groups.some((g) => g.reference === t.denominator))
      .map((t) => {
        const r = ratioOf(measured, t.numerator, t.denominator);
        return { label: t.label, value: r.median, min: r.min, max: r.max, target: t.min };
      }),
  });
  return bars;
}

async function main(): Promise<void> {
  installCleanup();
  const t0 = performance.now();
  const machine = readMachine();
  const servers = await startServers();
  try {
    const warmup = new Map<string, Sample>();
    const rounds = new Map<string, Sample[]>(allCases.map((c) => [c.id, []]));
    progress(`warm-up: ${plan.initialWarmupMs} ms per row`);
    for (const c of allCases) warmup.set(c.id, await runRow(servers, c, 0, plan.initialWarmupMs));
    for (let r = 0; r < plan.rounds; r++) {
      for (const c of allCases) {
        const sample = await runRow(servers, c, plan.settleMs, plan.durationMs);
        rounds.get(c.id)?.push(sample);
        progress(
          `round ${r + 1}/${plan.rounds} ${c.id}: ${Math.round(sample.rps)} req/s, p99 ${sample.p99Ms.toFixed(2)} ms`,
        );
      }
    }
    const measured: Measured = { rounds, warmup };
    const method = `${plan.quick ? "quick run (smoke test, not for quoting)" : "full run"}: ${plan.rounds} rounds over ${allCases.length} rows in the same order, after one ${plan.initialWarmupMs / 1000} s warm-up pass; each run ${plan.settleMs / 1000} s unmeasured + ${plan.durationMs / 1000} s measured at ${plan.concurrency} connections / calls in flight`;
    const report = renderReport(
      {
        machine,
        loadAtEnd: loadavg(),
        method,
        seconds: (performance.now() - t0) / 1000,
      },
      groups,
      targets,
      measured,
    );
    mkdirSync(resultsDir, { recursive: true });
    writeFileSync(`${resultsDir}load.md`, `${report}\n![ratios](load.svg)\n`);
    writeFileSync(
      `${resultsDir}load.svg`,
      ratioChart("@kit load benchmarks: req/s ratios", chartGroups(measured)),
    );
    console.log(report);
    progress(`wrote ${resultsDir}load.md and load.svg`);
    if (profile) progress(`server CPU profiles go to ${profileDir}/<server>/ as they exit`);
  } finally {
    await Promise.all([...servers.values()].map((s) => s.child.stop(5000)));
  }
}

try {
  await main();
} catch (err) {
  progress(`failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
}
