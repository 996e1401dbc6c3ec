import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { connect, createServer, type Server, type Socket } from "node:net";
import { type ConsulTestServer, startConsulTestServer } from "@kit/test-servers";

/**
 * The Consul the tests run against: a real agent when `CONSUL_HTTP_ADDR` is set (reached
 * through a loopback TCP proxy, so an outage is closing the proxy), otherwise the in-process
 * {@link ConsulTestServer}.
 */
export interface ConsulHarness {
  /** The HTTP API address the adapters use. */
  readonly address: string;
  /** The test server, with its hooks; `undefined` against a real agent. */
  readonly server: ConsulTestServer | undefined;
  /** Makes Consul unreachable (connections refused). */
  stop(): Promise<void>;
  /** Makes it reachable again at the same address. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

/** The real agent's address, when the suite runs against one. */
export const realAgent: string | undefined = process.env.CONSUL_HTTP_ADDR
  ? process.env.CONSUL_HTTP_ADDR.includes("://")
    ? process.env.CONSUL_HTTP_ADDR
    : `http://${process.env.CONSUL_HTTP_ADDR}`
  : undefined;

/** `it` for tests that need the test server's hooks; skipped against a real agent. */
export const itWithTestServer = realAgent ? it.skip : it;
/** The suffix naming that skip, for test names. */
export const testServerOnly = " (test server only: skipped against a real agent)";

export async function startHarness(): Promise<ConsulHarness> {
  if (realAgent === undefined) {
    const server = await startConsulTestServer();
    return {
      address: server.address,
      server,
      stop: () => server.stop(),
      restart: () => server.restart(),
      close: () => server.close(),
    };
  }
  const target = new URL(realAgent);
  const sockets = new Set<Socket>();
  const make = (): Server =>
    createServer((client) => {
      const upstream = connect(Number(target.port || 8500), target.hostname);
      for (const s of [client, upstream]) {
        sockets.add(s);
        s.on("close", () => sockets.delete(s));
        s.on("error", () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream).pipe(client);
    });
  let proxy = make();
  proxy.listen(0, "127.0.0.1");
  await once(proxy, "listening");
  const port = (proxy.address() as AddressInfo).port;
  let up = true;
  const stop = async () => {
    if (!up) return;
    up = false;
    const closed = once(proxy, "close");
    proxy.close();
    for (const s of sockets) s.destroy();
    await closed;
  };
  return {
    address: `http://127.0.0.1:${port}`,
    server: undefined,
    stop,
    async restart() {
      if (up) return;
      proxy = make();
      proxy.listen(port, "127.0.0.1");
      await once(proxy, "listening");
      up = true;
    },
    close: stop,
  };
}

/** Registers a service directly (no heartbeat), as a raw agent API call. */
export async function rawRegister(address: string, body: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${address}/v1/agent/service/register`, {
    method: "PUT",
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`register failed: HTTP ${res.status}`);
}

/** Deregisters a service directly. */
export async function rawDeregister(address: string, id: string): Promise<void> {
  await fetch(`${address}/v1/agent/service/deregister/${id}`, { method: "PUT" });
}

let names = 0;
/** A service name of its own per test, so tests never see each other's instances. */
export const freshName = (): string => `kit-test-${process.pid}-${++names}`;
