import type { Server } from "node:http";
import { createServer } from "node:http";
import { credentials } from "@grpc/grpc-js";
import { loadAddService } from "../../src/transport/grpc.js";
import { testProtoPath } from "../support/addsvc.js";
import type { AddsvcChild } from "./support/addsvc-child.js";
import { highLimits, startAddsvcChild } from "./support/addsvc-child.js";
import { exchange } from "./support/http-exchange.js";
import { heapAfterGc, probeFlags } from "./support/probe.js";
import type { SoakTally } from "./support/soak-load.js";
import { grpcSum, httpSum, jsonRpcConcat, keepAliveAgent, soak } from "./support/soak-load.js";

// A bounded soak of the real addsvc command with its full stack: request logging (JSON, to a
// drained pipe), Prometheus metrics (scraped every second), tracing exported over OTLP/HTTP to a
// local sink, rate limiters set high, circuit breakers. ADDSVC_SOAK_SECONDS lengthens it.
const seconds = Number(process.env.ADDSVC_SOAK_SECONDS ?? 30);
const warmUpSeconds = 5;
/** The bound: heap after a full GC may grow by less than this from the end of the warm-up. */
const heapGrowthBound = 10 * 1024 * 1024;
jest.setTimeout((seconds + 60) * 1000);

let svc: AddsvcChild;
let sink: Server;
let exports = 0;

beforeAll(async () => {
  sink = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      exports++;
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((resolve) => sink.listen(0, "127.0.0.1", resolve));
  const address = sink.address();
  const port = typeof address === "object" && address ? address.port : 0;
  svc = await startAddsvcChild(
    [
      ...highLimits,
      ...["--log-format", "json", "--otlp-url", `http://127.0.0.1:${port}/v1/traces`],
    ],
    { nodeFlags: probeFlags, ipc: true },
  );
});
afterAll(async () => {
  await svc?.kill();
  await new Promise((resolve) => sink?.close(resolve));
});

/** The value of one `addsvc_requests_total` series in a Prometheus exposition. */
function requestsTotal(exposition: string, method: string, success: boolean): number {
  const line = exposition
    .split("\n")
    .find(
      (l) =>
        l.startsWith("addsvc_requests_total{") &&
        l.includes(`method="${method}"`) &&
        l.includes(`success="${success}"`),
    );
  return line ? Number(line.slice(line.lastIndexOf(" ") + 1)) : 0;
}

describe("addsvc under a bounded soak", () => {
  it("answers every request right, counts them all, and keeps its heap bounded", async () => {
    const { http = "", grpc = "", jsonrpc = "", debug = "" } = svc.addresses;
    const httpAgent = keepAliveAgent(8);
    const rpcAgent = keepAliveAgent(4);
    const { Client } = loadAddService(testProtoPath);
    const client = new Client(grpc, credentials.createInsecure());
    const tallies = {
      http: { ok: 0, errors: 0, firstErrors: [] } as SoakTally,
      grpc: { ok: 0, errors: 0, firstErrors: [] } as SoakTally,
      jsonrpc: { ok: 0, errors: 0, firstErrors: [] } as SoakTally,
      metrics: { ok: 0, errors: 0, firstErrors: [] } as SoakTally,
    };
    const scrape = async () => {
      const res = await exchange(debug, { method: "GET", path: "/metrics" });
      await new Promise((resolve) => setTimeout(resolve, 1000)); // a scraper's interval, not a wait
      return res.status === 200 && res.text.includes("addsvc_requests_total")
        ? undefined
        : `metrics ${res.status}`;
    };
    const run = (until: number) =>
      Promise.all([
        soak(httpSum(httpAgent, http), 8, until, tallies.http),
        soak(grpcSum(client), 4, until, tallies.grpc),
        soak(jsonRpcConcat(rpcAgent, jsonrpc), 4, until, tallies.jsonrpc),
        soak(scrape, 1, until, tallies.metrics),
      ]);
    try {
      await run(Date.now() + warmUpSeconds * 1000);
      const heaps = [await heapAfterGc(svc.child)];
      const end = Date.now() + (seconds - warmUpSeconds) * 1000;
      // Sample the heap every 5 s while the load runs.
      const load = run(end);
      while (Date.now() + 5000 < end) {
        await new Promise((resolve) => setTimeout(resolve, 5000)); // the sampling interval
        heaps.push(await heapAfterGc(svc.child));
      }
      await load;
      heaps.push(await heapAfterGc(svc.child));

      const exposition = (await exchange(debug, { method: "GET", path: "/metrics" })).text;
      const mb = (n: number) => Number((n / 2 ** 20).toFixed(2));
      console.log(
        `soak ${seconds} s: ${JSON.stringify({
          requests: { http: tallies.http.ok, grpc: tallies.grpc.ok, jsonrpc: tallies.jsonrpc.ok },
          scrapes: tallies.metrics.ok,
          spanExports: exports,
          heapAfterGcMiB: heaps.map(mb),
          growthMiB: mb((heaps.at(-1) ?? 0) - (heaps[0] ?? 0)),
        })}`,
      );

      for (const tally of Object.values(tallies)) {
        expect(tally.firstErrors).toEqual([]);
        expect(tally.errors).toBe(0);
      }
      expect(tallies.http.ok).toBeGreaterThan(0);
      expect(tallies.grpc.ok).toBeGreaterThan(0);
      expect(tallies.jsonrpc.ok).toBeGreaterThan(0);
      // The service counted exactly what the clients saw, and no failure.
      expect(requestsTotal(exposition, "sum", true)).toBe(tallies.http.ok + tallies.grpc.ok);
      expect(requestsTotal(exposition, "concat", true)).toBe(tallies.jsonrpc.ok);
      expect(
        requestsTotal(exposition, "sum", false) + requestsTotal(exposition, "concat", false),
      ).toBe(0);
      expect(exports).toBeGreaterThan(0);
      expect((heaps.at(-1) ?? 0) - (heaps[0] ?? 0)).toBeLessThan(heapGrowthBound);
    } finally {
      client.close();
      httpAgent.destroy();
      rpcAgent.destroy();
    }
    process.kill(svc.child.pid ?? 0, "SIGTERM");
    expect(await svc.exited).toEqual({ code: 0, signal: null });
  });
});
