// Micro benchmarks: what each @kit middleware, Context derivation and logger costs per call, in
// nanoseconds, raced against a bare endpoint (and the loggers against pino) in one run.
//
// Every task runs BATCH calls per tinybench iteration, so the timer's own cost (a
// performance.now() pair, tinybench's await) is spread over BATCH calls instead of dwarfing a
// 30 ns call. The whole suite runs ROUNDS times, in alternating order (forward, backward, ...),
// so slow drift on a busy machine hits every task alike; a task's number is the median of its
// rounds, and "spread" is half the range of the rounds around it.
//
// Usage: pnpm bench (at the repo root), or node bench/dist/micro.js [--quick]
import { circuitBreaker, goKitDefaults } from "@kit/circuitbreaker";
import {
  background,
  type Context,
  chain,
  createKey,
  type Endpoint,
  type GenericMiddleware,
  withCancel,
  withTimeout,
  withValue,
} from "@kit/endpoint";
import {
  info,
  jsonLogger,
  levelFilter,
  logfmtLogger,
  loggingMiddleware,
  type WriteStream,
} from "@kit/log";
import {
  discardCounter,
  discardHistogram,
  instrumentingMiddleware,
  prometheusCounter,
  prometheusHistogram,
} from "@kit/metrics";
import { concurrencyLimiter, erroringLimiter, tokenBucket } from "@kit/ratelimit";
import { traceServer } from "@kit/tracing";
import { SpanKind, trace } from "@opentelemetry/api";
import { pino } from "pino";
import { Registry } from "prom-client";
import { droppingTracer } from "./load/servers/dropping-tracer.js";
import { machineLines, readMachine } from "./machine.js";
import { type BatchTask, measureRounds } from "./rounds.js";

const quick = process.argv.includes("--quick");
/** Calls per tinybench iteration. */
const BATCH = 1000;
/** Passes over the whole suite, alternating direction. */
const ROUNDS = quick ? 1 : 5;
/** Measured and warm-up time per task per round, in ms. */
const TIME_MS = quick ? 100 : 300;
const WARMUP_MS = quick ? 50 : 100;

// ---------------------------------------------------------------------------------------------
// the endpoints

interface Req {
  a: number;
  b: number;
}
type Res = Req;

const ctx: Context = background();
const req: Req = { a: 1, b: 2 };
/** The baseline: an endpoint that answers its request, called directly. */
const baseline: Endpoint<Req, Res> = async (_ctx, r) => r;

const BASELINE = "baseline: async (_ctx, r) => r";

/** An empty layer: an async wrapper that only passes the call on. */
const passthrough: GenericMiddleware = (next) => async (c, r) => next(c, r);
/** The cheapest possible layer: no async frame of its own, it returns next's promise. */
const directPassthrough: GenericMiddleware = (next) => (c, r) => next(c, r);

const valueKey = createKey<number>("bench");
const derivingValue: GenericMiddleware = (next) => async (c, r) =>
  next(withValue(c, valueKey, 42), r);
const derivingCancel: GenericMiddleware = (next) => async (c, r) => {
  const [child, cancel] = withCancel(c);
  try {
    return await next(child, r);
  } finally {
    cancel();
  }
};
const derivingTimeout: GenericMiddleware = (next) => async (c, r) => {
  const [child, cancel] = withTimeout(c, 10_000);
  try {
    return await next(child, r);
  } finally {
    cancel();
  }
};

/** A stream that drops everything: the loggers' cost without I/O. */
const nullSink: WriteStream & { write(chunk: string): boolean } = { write: () => true };

const registry = new Registry();
const promMetrics = {
  requestCount: prometheusCounter({
    name: "bench_requests_total",
    help: "Requests.",
    labelNames: ["method", "success"],
    registry,
  }),
  requestLatency: prometheusHistogram({
    name: "bench_request_duration_seconds",
    help: "Request latency.",
    labelNames: ["method", "success"],
    registry,
  }),
};
const discardMetrics = { requestCount: discardCounter(), requestLatency: discardHistogram() };

/** The load benchmark's SDK tracer: spans recorded, batched, then dropped. */
const sdkTracer = droppingTracer("bench");
const serverSpan = { kind: SpanKind.SERVER };

/** What traceServer does at the least, written by hand: a SERVER span around the call. */
function spanByHand(next: Endpoint<Req, Res>): Endpoint<Req, Res> {
  return (ctx, request) => {
    const span = sdkTracer.startSpan("sum", serverSpan);
    return next(ctx, request).then((response) => {
      span.end();
      return response;
    });
  };
}

interface Case {
  name: string;
  endpoint: Endpoint<Req, Res>;
}

const endpointCases: Case[] = [
  { name: BASELINE, endpoint: baseline },
  { name: "empty middleware (async passthrough)", endpoint: passthrough(baseline) },
  { name: "empty middleware (direct passthrough)", endpoint: directPassthrough(baseline) },
  {
    name: "chain of 10 empty middlewares",
    endpoint: chain(
      passthrough,
      passthrough,
      passthrough,
      passthrough,
      passthrough,
      passthrough,
      passthrough,
      passthrough,
      passthrough,
      passthrough,
    )(baseline),
  },
  { name: "Context: withValue", endpoint: derivingValue(baseline) },
  { name: "Context: withCancel + cancel", endpoint: derivingCancel(baseline) },
  { name: "Context: withTimeout + cancel", endpoint: derivingTimeout(baseline) },
  {
    name: "log: loggingMiddleware (logfmt, null sink)",
    endpoint: loggingMiddleware(info(logfmtLogger(nullSink)), { method: "sum" })(baseline),
  },
  {
    name: "log: loggingMiddleware (JSON, null sink)",
    endpoint: loggingMiddleware(info(jsonLogger(nullSink)), { method: "sum" })(baseline),
  },
  {
    name: "metrics: instrumenting (Prometheus)",
    endpoint: instrumentingMiddleware(promMetrics, { method: "sum" })(baseline),
  },
  {
    name: "metrics: instrumenting (discard)",
    endpoint: instrumentingMiddleware(discardMetrics, { method: "sum" })(baseline),
  },
  {
    name: "ratelimit: erroringLimiter(tokenBucket)",
    endpoint: erroringLimiter(tokenBucket({ ratePerSec: 1e9, burst: 1e9 }))(baseline),
  },
  {
    name: "ratelimit: concurrencyLimiter",
    endpoint: concurrencyLimiter({ maxInFlight: 100 })(baseline),
  },
  {
    name: "circuitbreaker: circuitBreaker(goKitDefaults)",
    endpoint: circuitBreaker(goKitDefaults)(baseline),
  },
  {
    name: "tracing: traceServer (no SDK)",
    endpoint: traceServer(trace.getTracer("bench"), { operation: "sum" })(baseline),
  },
  {
    name: "tracing: traceServer (SDK, exporter drops spans)",
    endpoint: traceServer(sdkTracer, { operation: "sum" })(baseline),
  },
  { name: "tracing: an SDK span by hand (start, end)", endpoint: spanByHand(baseline) },
];

// ---------------------------------------------------------------------------------------------
// the loggers

const small = { method: "sum", took_ms: 0.123, err: undefined };
const wide = {
  method: "sum",
  took_ms: 0.123,
  transport: "http",
  request_id: "r-42",
  a: 1,
  b: 2,
  v: 3,
};

const kitJson = info(jsonLogger(nullSink));
const kitLogfmt = info(logfmtLogger(nullSink));
const kitFiltered = levelFilter(jsonLogger(nullSink), { allow: "error" });
// Same records as the kit JSON logger: no time, pid or hostname.
const pinoBare = pino({ base: null, timestamp: false }, nullSink);
const pinoDefaults = pino({}, nullSink);
const pinoError = pino({ base: null, timestamp: false, level: "error" }, nullSink);

interface LogCase {
  name: string;
  /** What "vs" compares it with: a pino row of the same kind. */
  vs?: string;
  fn: () => void;
}

const PINO_SMALL = "pino: small record";
const PINO_WIDE = "pino: 7-field record";
const PINO_OFF = "pino: disabled level (info at error)";

const logCases: LogCase[] = [
  { name: PINO_SMALL, fn: () => pinoBare.info(small) },
  { name: "kit JSON: small record", vs: PINO_SMALL, fn: () => kitJson.log(small) },
  { name: "kit logfmt: small record", vs: PINO_SMALL, fn: () => kitLogfmt.log(small) },
  {
    name: "pino (defaults: time, pid, hostname): small",
    vs: PINO_SMALL,
    fn: () => pinoDefaults.info(small),
  },
  { name: PINO_WIDE, fn: () => pinoBare.info(wide) },
  { name: "kit JSON: 7-field record", vs: PINO_WIDE, fn: () => kitJson.log(wide) },
  { name: "kit logfmt: 7-field record", vs: PINO_WIDE, fn: () => kitLogfmt.log(wide) },
  { name: PINO_OFF, fn: () => pinoError.info(small) },
  {
    name: "kit: disabled level, info(filtered).log per call",
    vs: PINO_OFF,
    fn: () => info(kitFiltered).log(small),
  },
  {
    name: "kit: disabled level, info(filtered) hoisted",
    vs: PINO_OFF,
    fn: (() => {
      const off = info(kitFiltered);
      return () => off.log(small);
    })(),
  },
];

// ---------------------------------------------------------------------------------------------
// running

function asyncTask(endpoint: Endpoint<Req, Res>): () => Promise<void> {
  return async () => {
    for (let i = 0; i < BATCH; i++) await endpoint(ctx, req);
  };
}

function syncTask(fn: () => void): () => void {
  return () => {
    for (let i = 0; i < BATCH; i++) fn();
  };
}

const tasks: readonly BatchTask[] = [
  ...endpointCases.map((c): BatchTask => [c.name, asyncTask(c.endpoint)]),
  ...logCases.map((c): BatchTask => [c.name, syncTask(c.fn)]),
];

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

interface Stat {
  ns: number;
  spreadPct: number;
}

/** ns per call of each task, one entry per round. */
type Samples = ReadonlyMap<string, readonly number[]>;

function stat(samples: Samples, name: string): Stat {
  const xs = samples.get(name);
  if (!xs?.length) throw new Error(`bench: no samples for ${name}`);
  const ns = median(xs);
  const spreadPct = ((Math.max(...xs) - Math.min(...xs)) / 2 / ns) * 100;
  return { ns, spreadPct };
}

const fmtNs = (ns: number): string => (ns >= 100 ? ns.toFixed(0) : ns.toFixed(1));
const fmtOps = (ns: number): string => Math.round(1e9 / ns).toLocaleString("en-US");
const fmtSpread = (pct: number): string => `±${pct.toFixed(1)}%`;

function printEndpoints(samples: Samples): void {
  const base = stat(samples, BASELINE);
  console.log("\n### Middlewares and Context (per call, vs the bare endpoint)\n");
  console.log("| name | ns/call | Δ vs baseline (ns) | ops/s | spread |");
  console.log("| --- | ---: | ---: | ---: | ---: |");
  for (const c of endpointCases) {
    const s = stat(samples, c.name);
    const delta =
      c.endpoint === baseline ? "—" : `${s.ns >= base.ns ? "+" : ""}${fmtNs(s.ns - base.ns)}`;
    console.log(
      `| ${c.name} | ${fmtNs(s.ns)} | ${delta} | ${fmtOps(s.ns)} | ${fmtSpread(s.spreadPct)} |`,
    );
  }
}

function printLoggers(samples: Samples): void {
  console.log("\n### Loggers (one record per call, null sink)\n");
  console.log("| name | ns/line | lines/s | vs pino | spread |");
  console.log("| --- | ---: | ---: | ---: | ---: |");
  for (const c of logCases) {
    const s = stat(samples, c.name);
    const ratio =
      c.vs === undefined ? "1.00× (ref)" : `${(stat(samples, c.vs).ns / s.ns).toFixed(2)}×`;
    console.log(
      `| ${c.name} | ${fmtNs(s.ns)} | ${fmtOps(s.ns)} | ${ratio} | ${fmtSpread(s.spreadPct)} |`,
    );
  }
}

async function main(): Promise<void> {
  const header = machineLines(readMachine(), { node: ", tinybench" });
  const t0 = performance.now();
  const samples = await measureRounds(tasks, {
    rounds: ROUNDS,
    timeMs: TIME_MS,
    warmupMs: WARMUP_MS,
    batch: BATCH,
  });
  const seconds = ((performance.now() - t0) / 1000).toFixed(1);
  console.log("## @kit micro benchmarks\n");
  for (const line of header) console.log(line);
  console.log(
    `- ${ROUNDS} rounds (alternating order) × ${TIME_MS} ms per task (+${WARMUP_MS} ms warm-up), ${BATCH} calls per sample; median of rounds; took ${seconds} s`,
  );
  printEndpoints(samples);
  printLoggers(samples);
  console.log(
    "\nspread: half the range of the per-round results, as % of the median. Δ below the spread is noise.",
  );
}

await main();
