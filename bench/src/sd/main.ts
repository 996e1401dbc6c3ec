// Service discovery benchmarks: how fast a registration reaches every subscribed instancer on
// each backend (real etcd, real ZooKeeper, the Consul-API test server, real dnsmasq), and what a
// balancer pick costs in @kit/endpoint/sd. Prints Markdown.
//
// Usage: node bench/dist/sd/main.js [--quick]   (after a build of @kit/bench)

import { machineLines, readMachine } from "../machine.js";
import {
  consulBackend,
  DNS_INTERVAL_MS,
  dnsBackend,
  etcdBackend,
  zookeeperBackend,
} from "./backends.js";
import { type BalancerRow, measureBalancers } from "./balancers.js";
import { type Backend, measurePropagation, type Propagation } from "./propagation.js";
import { fmtMs, fmtNs, median, quantile } from "./stats.js";

const quick = process.argv.includes("--quick");
/** Instancers subscribed at once on each backend. */
const SUBSCRIBERS = 5;
/** Measured register/deregister cycles per backend (DNS: fewer, each waits for a poll). */
const ITERATIONS = quick ? 10 : 100;
const DNS_ITERATIONS = quick ? 5 : 30;
const WARMUP = 2;
const ROUNDS = quick ? 1 : 3;
const TIME_MS = quick ? 100 : 250;
const WARMUP_MS = quick ? 30 : 100;

const starters: readonly [() => Promise<Backend>, number][] = [
  [etcdBackend, ITERATIONS],
  [zookeeperBackend, ITERATIONS],
  [consulBackend, ITERATIONS],
  [dnsBackend, DNS_ITERATIONS],
];

async function propagation(): Promise<Propagation[]> {
  const results: Propagation[] = [];
  for (const [start, iterations] of starters) {
    const backend = await start();
    try {
      process.stderr.write(`${backend.name}: ${iterations} cycles, ${SUBSCRIBERS} subscribers\n`);
      results.push(
        await measurePropagation(backend, { subscribers: SUBSCRIBERS, iterations, warmup: WARMUP }),
      );
    } finally {
      await backend.close();
    }
  }
  return results;
}

function latencyRow(backend: string, change: string, total: number[], call: number[]): string {
  const cells = [0.5, 0.9, 0.99].map((q) => fmtMs(quantile(total, q)));
  return `| ${backend} | ${change} | ${total.length} | ${cells.join(" | ")} | ${fmtMs(Math.max(...total))} | ${fmtMs(median(call))} |`;
}

function printPropagation(results: readonly Propagation[]): void {
  console.log(`\n### Discovery propagation (${SUBSCRIBERS} instancers subscribed, ms)\n`);
  console.log(
    "From the `register()` / `deregister()` call until the last of the instancers has reported the change. The last column is how long the call itself took (median), included in the others.\n",
  );
  console.log("| backend | change | n | p50 | p90 | p99 | max | the call itself (p50) |");
  console.log("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |");
  for (const r of results) {
    console.log(latencyRow(r.backend, "register → seen by all", r.appear, r.registerCall));
    console.log(latencyRow(r.backend, "deregister → gone from all", r.disappear, r.deregisterCall));
  }
  const errors = results.filter((r) => r.errors > 0);
  if (errors.length > 0)
    console.log(
      `\nInstancer error events during the run: ${errors.map((r) => `${r.backend} ${r.errors}`).join(", ")}.`,
    );
  console.log(
    `\nDNS has no push: a change shows once every instancer has polled after it, so its latency is bounded by the poll interval (${DNS_INTERVAL_MS} ms here) plus the lookup; rewriting the records restarts dnsmasq (the call column). Each DNS change starts at a random phase of the polls.`,
  );
}

function printBalancers(rows: readonly BalancerRow[]): void {
  const direct = rows[0]?.directNs ?? Number.NaN;
  console.log("\n### Balancer cost (fixedInstancer + createEndpointer, ns)\n");
  console.log(
    `A direct \`await endpoint(ctx, req)\` costs ${fmtNs(direct)} ns here; the call columns include it.\n`,
  );
  console.log(
    "| balancer | instances | ns/pick | pick + call | retry(3, 1000 ms, balancer) call | retry overhead |",
  );
  console.log("| --- | ---: | ---: | ---: | ---: | ---: |");
  for (const r of rows)
    console.log(
      `| ${r.name} | ${r.size} | ${fmtNs(r.pickNs)} | ${fmtNs(r.pickCallNs)} | ${fmtNs(r.retryNs)} | +${fmtNs(r.retryNs - r.pickCallNs)} |`,
    );
}

async function main(): Promise<void> {
  const header = machineLines(readMachine());
  const t0 = performance.now();
  const results = await propagation();
  const rows = await measureBalancers(ROUNDS, TIME_MS, WARMUP_MS);
  const seconds = ((performance.now() - t0) / 1000).toFixed(1);
  console.log("## @kit service discovery benchmarks\n");
  for (const line of header) console.log(line);
  console.log(
    `- ${quick ? "quick run" : "full run"}: ${ITERATIONS} register/deregister cycles per backend (DNS ${DNS_ITERATIONS}) after ${WARMUP} warm-up cycles; balancers: ${ROUNDS} round(s) × ${TIME_MS} ms per task, median; took ${seconds} s`,
  );
  printPropagation(results);
  printBalancers(rows);
}

await main();
