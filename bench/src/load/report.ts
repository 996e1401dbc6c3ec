// The Markdown report: the machine, the method, one table per group, the targets.
import type { Machine } from "../machine.js";
import { fmtLoad, machineLines } from "../machine.js";
import type { Case, Group, Target } from "./cases.js";
import type { Sample } from "./measure.js";
import type { Spread } from "./stats.js";
import { median, ratios, spread } from "./stats.js";

/** Everything measured in one run. */
export interface Measured {
  /** Per row id: one sample per round, in round order. */
  readonly rounds: ReadonlyMap<string, readonly Sample[]>;
  /** Per row id: the sample of its initial warm-up (only its checks are reported). */
  readonly warmup: ReadonlyMap<string, Sample>;
}

/** The run's circumstances, for the header. */
export interface RunInfo {
  /** The machine, read at the start of the run. */
  readonly machine: Machine;
  readonly loadAtEnd: readonly number[];
  readonly method: string;
  readonly seconds: number;
}

/** A row's req/s per round. */
export function rpsOf(measured: Measured, id: string): number[] {
  const samples = measured.rounds.get(id);
  if (!samples?.length) throw new Error(`load: no samples for ${id}`);
  return samples.map((s) => s.rps);
}

/** The per-round ratio of two rows' req/s, as median and range. */
export function ratioOf(measured: Measured, numerator: string, denominator: string): Spread {
  return spread(ratios(rpsOf(measured, numerator), rpsOf(measured, denominator)));
}

/**
 * The per-round ratio of two rows' CPU cost, reference over row: how many requests the row
 * serves per CPU-second, relative. Unlike req/s it holds when the core was shared or the load
 * generator was the limit.
 */
export function cpuRatioOf(measured: Measured, id: string, reference: string): Spread {
  const cpu = (row: string) => (measured.rounds.get(row) ?? []).map((s) => s.cpuUsPerReq);
  return spread(ratios(cpu(reference), cpu(id)));
}

/** A row's failures over its warm-up and every round; empty when every answer was right. */
export function problemsOf(measured: Measured, id: string): string {
  const warmup = measured.warmup.get(id);
  const all = [...(measured.rounds.get(id) ?? []), ...(warmup ? [warmup] : [])];
  const sum = (f: (s: Sample) => number) => all.reduce((n, s) => n + f(s), 0);
  const parts = [
    [sum((s) => s.errors), "errors"],
    [sum((s) => s.non2xx), "non-2xx"],
    [sum((s) => s.mismatches), "wrong bodies"],
  ] as const;
  return parts
    .filter(([n]) => n > 0)
    .map(([n, what]) => `${n} ${what}`)
    .join(", ");
}

const int = (x: number): string => Math.round(x).toLocaleString("en-US");
const ms = (x: number): string => x.toFixed(2);
const times = (x: number): string => `${x.toFixed(2)}×`;
const range = (s: Spread): string => `${s.min.toFixed(2)}–${s.max.toFixed(2)}×`;

function rowLine(measured: Measured, group: Group, c: Case): string {
  const samples = measured.rounds.get(c.id) ?? [];
  const med = (f: (s: Sample) => number) => median(samples.map(f));
  const isRef = c.id === group.reference;
  const ratio = ratioOf(measured, c.id, group.reference);
  const cpuRatio = cpuRatioOf(measured, c.id, group.reference);
  const busy = med((s) => (s.cpuUsPerReq * s.rps) / 1e4);
  const problems = problemsOf(measured, c.id);
  const check = problems === "" ? "ok" : `**FAILED: ${problems}**`;
  const cells = [
    c.label,
    int(med((s) => s.rps)),
    ms(med((s) => s.p50Ms)),
    ms(med((s) => s.p99Ms)),
    isRef ? "1.00× (ref)" : times(ratio.median),
    isRef ? "—" : range(ratio),
    med((s) => s.cpuUsPerReq).toFixed(1),
    isRef ? "1.00× (ref)" : times(cpuRatio.median),
    group.cpuOf === "server"
      ? `${busy.toFixed(0)}% (${med((s) => s.loadBusyPct).toFixed(0)}%)`
      : `${busy.toFixed(0)}%`,
    check,
  ];
  return `| ${cells.join(" | ")} |`;
}

function groupTable(measured: Measured, group: Group): string[] {
  const ref = group.cases.find((c) => c.id === group.reference)?.label ?? group.reference;
  return [
    `### ${group.title}`,
    "",
    `${group.note}. Reference: ${ref}. CPU is the ${group.cpuOf} process's.`,
    "",
    `| row | req/s | p50 ms | p99 ms | vs ref | per-round range | CPU µs/req | CPU vs ref | ${group.cpuOf === "server" ? "server busy (load gen)" : "client busy"} | check |`,
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ...group.cases.map((c) => rowLine(measured, group, c)),
    "",
  ];
}

function targetLine(measured: Measured, t: Target): string {
  const r = ratioOf(measured, t.numerator, t.denominator);
  const failed = [t.numerator, t.denominator].filter((id) => problemsOf(measured, id) !== "");
  const status = failed.length
    ? `**not met** (failed answers in ${failed.join(", ")})`
    : r.median >= t.min
      ? "met"
      : "**not met**";
  const byCpu = cpuRatioOf(measured, t.numerator, t.denominator);
  return `| ${t.label} | ${times(r.median)} | ${range(r)} | ${status} | ${times(byCpu.median)} (${range(byCpu)}) |`;
}

/** The whole report as Markdown. */
export function renderReport(
  info: RunInfo,
  groups: readonly Group[],
  targets: readonly Target[],
  measured: Measured,
): string {
  return [
    "## @kit load benchmarks",
    "",
    ...machineLines(info.machine, {
      cpu: "; servers pinned to core 0, load generators and clients under test to core 1 (`taskset`), loopback",
      load: `; at end: ${fmtLoad(info.loadAtEnd)}`,
    }),
    `- ${info.method}; took ${info.seconds.toFixed(0)} s`,
    "",
    ...groups.flatMap((g) => groupTable(measured, g)),
    "### Targets",
    "",
    "| target | req/s ratio (median of rounds) | per-round range | status | CPU ratio (range) |",
    "| --- | ---: | ---: | --- | ---: |",
    ...targets.map((t) => targetLine(measured, t)),
    "",
    "req/s, p50, p99, CPU µs/req and busy are medians over the rounds. vs ref: the row's req/s over the reference row's in the same round, as the median and range (min–max) of those per-round ratios; targets are judged on it. CPU vs ref: the reference's CPU µs/req over the row's, per round, i.e. requests per CPU-second relative to the reference. busy: the share of one core the server (and, in brackets, its load generator) or the client used; below about 90% it was not the limit (a shared core, or a load generator that could not keep up: then its own busy is near 100%), and req/s ratios then understate the difference, CPU ratios do not. A range that straddles a target means the run was too noisy to tell.",
    "",
  ].join("\n");
}
