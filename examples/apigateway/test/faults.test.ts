import { once } from "node:events";
import type { IncomingMessage, Server } from "node:http";
import { createServer } from "node:http";
import type { Gateway, GatewayOptions } from "../src/gateway.js";
import { startGateway } from "../src/gateway.js";
import type { DeadInstance } from "./support/http.js";
import { eventually, load, post, startDeadInstance } from "./support/http.js";
import type { Instance } from "./support/instances.js";
import { startInstance } from "./support/instances.js";

jest.setTimeout(30_000);

const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  await Promise.allSettled(closers.splice(0).map((close) => close()));
});

async function gatewayOver(
  instances: readonly string[],
  options: Partial<GatewayOptions>,
): Promise<Gateway> {
  const gateway = await startGateway({
    discovery: { kind: "static", instances },
    http: { host: "127.0.0.1", port: 0 },
    ...options,
  });
  closers.push(() => gateway.close());
  return gateway;
}

async function dead(): Promise<DeadInstance> {
  const instance = await startDeadInstance();
  closers.push(() => instance.close());
  return instance;
}

async function healthy(name: string): Promise<Instance> {
  const instance = await startInstance(name);
  closers.push(() => instance.svc.close());
  return instance;
}

describe("the apigateway's circuit breakers", () => {
  it("stop calling a dead instance after `breakerThreshold` failures, and no request fails", async () => {
    const down = await dead();
    const up = await healthy("up");
    const gateway = await gatewayOver([down.address, up.svc.addresses.http as string], {
      breakerThreshold: 2,
      breakerOpenMs: 60_000,
    });

    expect(await load(gateway.address, 20, 1)).toEqual([]);
    expect(up.served).toBe(20);
    expect(down.connections()).toBe(2);
  });

  it("answer 503 with a JSON error, without calling anyone, once every instance's breaker is open", async () => {
    const [a, b] = [await dead(), await dead()];
    const gateway = await gatewayOver([a.address, b.address], {
      breakerThreshold: 2,
      breakerOpenMs: 60_000,
      retryMax: 3,
    });

    // Two requests of three attempts each: every instance fails twice and its breaker opens.
    for (let i = 0; i < 2; i++) expect((await post(gateway.address, "sum", 1, 2)).status).toBe(503);
    expect([a.connections(), b.connections()]).toEqual([2, 2]);

    const answers = await Promise.all(
      Array.from({ length: 10 }, () => post(gateway.address, "sum", 1, 2)),
    );
    for (const { status, body } of answers) {
      expect(status).toBe(503);
      expect(body.error).toMatch(/^no addsvc instance available: circuit breaker is open/);
    }
    expect([a.connections(), b.connections()]).toEqual([2, 2]);
    expect(gateway.attempts()).toBe(0);
  });
});

describe("the apigateway's deadlines", () => {
  it("end every attempt on a slow instance, answer 429 beyond maxPending, and leave nothing pending", async () => {
    let received = 0;
    const open = new Set<IncomingMessage>();
    const slow: Server = createServer((req) => {
      // Never answers: only the gateway's deadline ends the call.
      received++;
      open.add(req);
      req.socket.once("close", () => open.delete(req));
    });
    slow.listen(0, "127.0.0.1");
    await once(slow, "listening");
    closers.push(async () => {
      slow.closeAllConnections();
      await new Promise((resolve) => slow.close(resolve));
    });
    const port = (slow.address() as { port: number }).port;
    const gateway = await gatewayOver([`127.0.0.1:${port}`], {
      attemptTimeoutMs: 500,
      retryTimeoutMs: 10_000,
      retryMax: 2,
      maxPending: 4,
      breakerThreshold: 100,
    });

    const answers = await Promise.all(
      Array.from({ length: 12 }, () => post(gateway.address, "sum", 1, 2)),
    );
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([...Array(8).fill(429), ...Array(4).fill(504)]);
    expect(answers.find((a) => a.status === 429)?.body.error).toMatch(/gateway busy/);
    // Four admitted requests, two attempts each; every attempt was cancelled at its deadline.
    expect(received).toBe(8);
    expect(gateway.pending()).toBe(0);
    expect(gateway.attempts()).toBe(0);
    await eventually("the slow instance sees every call cancelled", () => open.size === 0);
  });
});
