import { once } from "node:events";
import type { Server, Socket } from "node:net";
import { createServer } from "node:net";
import type { Addsvc } from "@kit/example-addsvc/dist/app.js";
import { startAddsvc } from "@kit/example-addsvc/dist/app.js";
import { addService } from "@kit/example-addsvc/dist/service/service.js";
import type { EtcdMember } from "@kit/test-servers";
import { startEtcd } from "@kit/test-servers";
import type { Gateway } from "../src/gateway.js";
import { startGateway } from "../src/gateway.js";

jest.setTimeout(60_000);

const prefix = "/services/addsvc-e2e/";
const unlimited = { ratePerSec: 1e9, burst: 1e9 };

interface Instance {
  readonly name: string;
  readonly svc: Addsvc;
  served: number;
}

let etcd: EtcdMember;
let gateway: Gateway | undefined;
const instances: Instance[] = [];
const traps: Server[] = [];

async function startInstance(name: string): Promise<Instance> {
  const plain = addService();
  const counted = {
    served: 0,
  } as Instance & { served: number };
  const svc = await startAddsvc({
    http: { host: "127.0.0.1", port: 0 },
    protoPath: "unused: no gRPC listener",
    limits: { sum: unlimited, concat: unlimited },
    service: {
      sum: (ctx, a, b) => {
        counted.served++;
        return plain.sum(ctx, a, b);
      },
      concat: (ctx, a, b) => {
        counted.served++;
        return plain.concat(ctx, a, b);
      },
    },
    etcd: { hosts: [etcd.url], prefix, id: name },
  });
  const instance = Object.assign(counted, { name, svc });
  instances.push(instance);
  return instance;
}

async function sum(a: number, b: number): Promise<number> {
  const res = await fetch(`http://${gateway?.address}/sum`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ a, b }),
  });
  const body = (await res.json()) as { v?: number; error?: string };
  if (res.status !== 200) throw new Error(`status ${res.status}: ${JSON.stringify(body)}`);
  return body.v as number;
}

/** Sends `count` requests, `concurrency` at a time; resolves with every failure. */
async function load(count: number, concurrency: number, onDone?: (n: number) => void) {
  const failures: unknown[] = [];
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      try {
        expect(await sum(i + 1, 1)).toBe(i + 2);
      } catch (err) {
        failures.push(err);
      }
      onDone?.(++done);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return failures;
}

/** Repeats `attempt` until it returns true; fails after `ms`. */
async function eventually(what: string, attempt: () => Promise<boolean>, ms = 15_000) {
  const deadline = Date.now() + ms;
  while (!(await attempt())) {
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms: ${what}`);
  }
}

const reset = () => {
  for (const instance of instances) instance.served = 0;
};

beforeAll(async () => {
  etcd = await startEtcd();
});

afterAll(async () => {
  await gateway?.close();
  await Promise.allSettled(instances.map((i) => i.svc.close()));
  await Promise.all(traps.map((t) => new Promise((resolve) => t.close(resolve))));
  await etcd?.close();
});

describe("the apigateway over etcd", () => {
  it("balances over every instance, survives one leaving and picks up a new one", async () => {
    const [a, b, c] = [
      await startInstance("a"),
      await startInstance("b"),
      await startInstance("c"),
    ] as [Instance, Instance, Instance];
    gateway = await startGateway({
      etcdHosts: [etcd.url],
      prefix,
      http: { host: "127.0.0.1", port: 0 },
      balancer: "round_robin",
      retryMax: 3,
      retryTimeoutMs: 2_000,
    });

    // Discovery is asynchronous: until etcd's first answer the gateway has no endpoints (503).
    await eventually("all three instances serve", async () => {
      await load(6, 1);
      return a.served > 0 && b.served > 0 && c.served > 0;
    });
    reset();
    expect(await load(30, 1)).toEqual([]);
    expect([a.served, b.served, c.served]).toEqual([10, 10, 10]);

    // b leaves in the middle of 200 requests, 8 at a time: none fails.
    reset();
    let closing: Promise<void> | undefined;
    const failures = await load(200, 8, (done) => {
      if (done === 50) closing = b.svc.close();
    });
    await closing;
    expect(failures).toEqual([]);
    expect(a.served + b.served + c.served).toBe(200);
    expect(b.served).toBeGreaterThan(0);

    // Once deregistered, b gets no more attempts: a trap on its old port sees no connection.
    const bAddress = b.svc.addresses.http as string;
    const trap = createServer((socket: Socket) => {
      trapped++;
      socket.destroy();
    });
    let trapped = 0;
    traps.push(trap);
    trap.listen(Number(bAddress.split(":")[1]), "127.0.0.1");
    await once(trap, "listening");
    await eventually("b leaves the rotation", async () => {
      const before = trapped;
      reset();
      expect(await load(12, 1)).toEqual([]);
      return trapped === before && a.served === 6 && c.served === 6;
    });
    expect(b.served).toBe(0);
    const trappedWhenOut = trapped;

    // A new instance joins and gets its share.
    const d = await startInstance("d");
    await eventually("d takes traffic", async () => {
      expect(await load(6, 1)).toEqual([]);
      return d.served > 0;
    });
    reset();
    expect(await load(30, 1)).toEqual([]);
    expect([a.served, c.served, d.served]).toEqual([10, 10, 10]);
    expect(b.served).toBe(0);
    expect(trapped).toBe(trappedWhenOut);
  });
});
