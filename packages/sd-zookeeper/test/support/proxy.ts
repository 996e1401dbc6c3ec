/**
 * A loopback TCP proxy in front of the test ZooKeeper. `block()` cuts every connection and
 * refuses new ones (the server stays up, so it expires the client's session after its timeout);
 * `unblock()` lets clients through again.
 */
import { once } from "node:events";
import { connect, createServer, type Socket } from "node:net";

export interface Proxy {
  /** `127.0.0.1:<port>` to give to clients. */
  readonly connect: string;
  block(): void;
  unblock(): void;
  close(): Promise<void>;
}

export async function startProxy(targetPort: number): Promise<Proxy> {
  const sockets = new Set<Socket>();
  let blocked = false;
  const server = createServer((inbound) => {
    if (blocked) {
      inbound.destroy();
      return;
    }
    const outbound = connect({ port: targetPort, host: "127.0.0.1" });
    for (const s of [inbound, outbound]) {
      sockets.add(s);
      s.on("close", () => sockets.delete(s));
      s.on("error", () => undefined);
    }
    inbound.on("close", () => outbound.destroy());
    outbound.on("close", () => inbound.destroy());
    inbound.pipe(outbound);
    outbound.pipe(inbound);
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  return {
    connect: `127.0.0.1:${port}`,
    block() {
      blocked = true;
      for (const s of sockets) s.destroy();
    },
    unblock() {
      blocked = false;
    },
    async close() {
      for (const s of sockets) s.destroy();
      server.close();
      await once(server, "close");
    },
  };
}
