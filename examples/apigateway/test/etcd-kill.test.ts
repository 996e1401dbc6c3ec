import { once } from "node:events";
import type { Socket } from "node:net";
import { createServer } from "node:net";
import type { EtcdMember } from "@kit/test-servers";
import { startEtcd } from "@kit/test-servers";
import type { Gateway } from "../src/gateway.js";
import { startGateway } from "../src/gateway.js";
import { eventually, load } from "./support/http.js";
import type { AddsvcProcess } from "./support/processes.js";
import { startAddsvcProcess } from "./support/processes.js";

jest.setTimeout(60_000);

const prefix = "/services/addsvc-kill/";
let etcd: EtcdMember | undefined;
let gateway: Gateway | undefined;
const processes: AddsvcProcess[] = [];
const cleanup: (() => Promise<unknown>)[] = [];

afterAll(async () => {
  await gateway?.close();
  await Promise.allSettled(processes.map((p) => p.kill()));
  await Promise.allSettled(cleanup.map((c) => c()));
  await etcd?.close();
});

async function addsvc(): Promise<AddsvcProcess> {
  const started = await startAddsvcProcess([
    ...["--etcd-hosts", etcd?.url as string, "--etcd-prefix", prefix],
    ...["--registration-ttl", "1"],
  ]);
  processes.push(started);
  return started;
}

/** The `host:port` values registered under the prefix now, sorted. */
async function registered(): Promise<string[]> {
  const b64 = (s: string) => Buffer.from(s).toString("base64");
  const res = await fetch(`${etcd?.url}/v3/kv/range`, {
    method: "POST",
    body: JSON.stringify({ key: b64(prefix), range_end: b64(prefix.replace(/\/$/, "0")) }),
  });
  const body = (await res.json()) as { kvs?: { value: string }[] };
  return (body.kvs ?? []).map((kv) => Buffer.from(kv.value, "base64").toString()).sort();
}

describe("the apigateway over etcd, with addsvc processes", () => {
  it("loses no request when an instance is killed, drops it once its lease expires, and takes a new one", async () => {
    etcd = await startEtcd();
    const [a, b, c] = [await addsvc(), await addsvc(), await addsvc()];
    expect(await registered()).toEqual([a.http, b.http, c.http].sort());
    gateway = await startGateway({
      discovery: { kind: "etcd", hosts: [etcd.url], prefix },
      http: { host: "127.0.0.1", port: 0 },
      retryMax: 4,
      retryTimeoutMs: 3_000,
      breakerThreshold: 2,
      breakerOpenMs: 200,
    });
    const address = gateway.address;
    await eventually(
      "the gateway has instances",
      async () => (await load(address, 1, 1)).length === 0,
    );

    // b is killed (SIGKILL, no deregistration) in the middle of 300 requests, 8 at a time.
    let killing: Promise<void> | undefined;
    const failures = await load(address, 300, 8, (done) => {
      if (done === 60) killing = b.kill();
    });
    await killing;
    expect(failures).toEqual([]);

    // Its lease expires and its key goes; then no attempt reaches its port, though a breaker
    // half-opens within 200 ms and would probe it if it were still in the rotation.
    await eventually("b's key expires", async () => !(await registered()).includes(b.http));
    let trapped = 0;
    const trap = createServer((socket: Socket) => {
      trapped++;
      socket.destroy();
    });
    cleanup.push(() => new Promise((resolve) => trap.close(resolve)));
    trap.listen(Number(b.http.split(":")[1]), "127.0.0.1");
    await once(trap, "listening");
    await eventually("the gateway's rotation follows", async () => {
      const before = trapped;
      expect(await load(address, 20, 2)).toEqual([]);
      return trapped === before;
    });
    expect(await load(address, 60, 4)).toEqual([]);
    const trappedAfter = trapped;
    expect(await load(address, 60, 4)).toEqual([]);
    expect(trapped).toBe(trappedAfter);

    // A new process joins and is served to.
    const d = await addsvc();
    expect(await registered()).toEqual([a.http, c.http, d.http].sort());
    await a.kill();
    await c.kill();
    // With a and c gone too, only d can answer: the requests that succeed went to d.
    await eventually("d takes the traffic", async () => (await load(address, 4, 1)).length === 0);
  });
});
