import { once } from "node:events";
import type { Server, Socket } from "node:net";
import { createServer } from "node:net";
import type { EtcdMember } from "@kit/test-servers";
import { startEtcd } from "@kit/test-servers";
import type { BalancerName, Gateway } from "../src/gateway.js";
import { startGateway } from "../src/gateway.js";
import { eventually, load } from "./support/http.js";
import type { Instance } from "./support/instances.js";
import { reset, startInstance } from "./support/instances.js";
import { expectEvenSpread, untilServing } from "./support/spread.js";

jest.setTimeout(60_000);

let etcd: EtcdMember;
const gateways: Gateway[] = [];
const instances: Instance[] = [];
const traps: Server[] = [];

async function instance(name: string, prefix: string, delayMs = 0): Promise<Instance> {
  const started = await startInstance(name, { etcd: { hosts: [etcd.url], prefix }, delayMs });
  instances.push(started);
  return started;
}

async function gateway(prefix: string, balancer: BalancerName): Promise<string> {
  const started = await startGateway({
    discovery: { kind: "etcd", hosts: [etcd.url], prefix },
    http: { host: "127.0.0.1", port: 0 },
    balancer,
    retryMax: 3,
    retryTimeoutMs: 2_000,
    attemptTimeoutMs: 1_000,
  });
  gateways.push(started);
  return started.address;
}

beforeAll(async () => {
  etcd = await startEtcd();
});

afterAll(async () => {
  await Promise.allSettled(gateways.map((g) => g.close()));
  await Promise.allSettled(instances.map((i) => i.svc.close()));
  await Promise.all(traps.map((t) => new Promise((resolve) => t.close(resolve))));
  await etcd?.close();
});

describe("the apigateway over etcd", () => {
  it("balances over every instance, survives one leaving and picks up a new one", async () => {
    const prefix = "/services/addsvc-rr/";
    const [a, b, c] = [
      await instance("a", prefix),
      await instance("b", prefix),
      await instance("c", prefix),
    ] as [Instance, Instance, Instance];
    const address = await gateway(prefix, "round_robin");

    // Discovery is asynchronous: until etcd's first answer the gateway has no endpoints (503).
    await untilServing(address, [a, b, c]);
    await expectEvenSpread(address, [a, b, c]);

    // b leaves in the middle of 200 requests, 8 at a time: none fails.
    reset([a, b, c]);
    let closing: Promise<void> | undefined;
    const failures = await load(address, 200, 8, (done) => {
      if (done === 50) closing = b.svc.close();
    });
    await closing;
    expect(failures).toEqual([]);
    expect(a.served + b.served + c.served).toBe(200);
    expect(b.served).toBeGreaterThan(0);

    // Once deregistered, b gets no more attempts: a trap on its old port sees no connection.
    let trapped = 0;
    const trap = createServer((socket: Socket) => {
      trapped++;
      socket.destroy();
    });
    traps.push(trap);
    trap.listen(Number((b.svc.addresses.http as string).split(":")[1]), "127.0.0.1");
    await once(trap, "listening");
    await eventually("b leaves the rotation", async () => {
      const before = trapped;
      reset([a, c]);
      expect(await load(address, 12, 1)).toEqual([]);
      return trapped === before && a.served === 6 && c.served === 6;
    });
    const trappedWhenOut = trapped;

    // A new instance joins and gets its share.
    const d = await instance("d", prefix);
    await eventually("d takes traffic", async () => {
      expect(await load(address, 6, 1)).toEqual([]);
      return d.served > 0;
    });
    await expectEvenSpread(address, [a, c, d]);
    expect(trapped).toBe(trappedWhenOut);
  });

  it("sends fewer requests to a slow instance with least_pending", async () => {
    const prefix = "/services/addsvc-lp/";
    const fast1 = await instance("fast1", prefix);
    const fast2 = await instance("fast2", prefix);
    const slow = await instance("slow", prefix, 100);
    const address = await gateway(prefix, "least_pending");
    await untilServing(address, [fast1, fast2, slow], 3);

    reset([fast1, fast2, slow]);
    expect(await load(address, 150, 6)).toEqual([]);
    expect(fast1.served + fast2.served + slow.served).toBe(150);
    expect(slow.served).toBeLessThan(fast1.served);
    expect(slow.served).toBeLessThan(fast2.served);
  });
});
