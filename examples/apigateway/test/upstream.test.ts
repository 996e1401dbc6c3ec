import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { background, nopLogger } from "@kit/endpoint";
import { protoPath } from "@kit/example-addsvc/dist/proto-path.js";
import { upstreamFactory } from "../src/upstream.js";
import { eventually } from "./support/http.js";

/** An HTTP server answering every sum with 3, reporting how many connections are open. */
async function sumServer(): Promise<{ server: Server; address: string; open(): Promise<number> }> {
  const server = createServer((_req, res) => {
    res.setHeader("content-type", "application/json");
    res.end('{"v":3}');
  });
  server.keepAliveTimeout = 60_000; // only the client may close an idle connection here
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const open = () =>
    new Promise<number>((resolve, reject) =>
      server.getConnections((err, n) => (err ? reject(err) : resolve(n))),
    );
  return { server, address: `127.0.0.1:${port}`, open };
}

describe("upstreamFactory over HTTP", () => {
  it("closes the instance's keep-alive connections when the instance leaves", async () => {
    const { server, address, open } = await sumServer();
    try {
      const factory = upstreamFactory({
        transport: "http",
        protoPath,
        attemptTimeoutMs: 1_000,
        breakerThreshold: 5,
        breakerOpenMs: 1_000,
        logger: nopLogger,
        onAttempt: () => {},
      });
      const { endpoint, close } = factory(address);
      const call = { method: "sum", request: { a: 1n, b: 2n } } as const;
      await expect(endpoint(background(), call)).resolves.toMatchObject({ v: 3n });
      await expect(endpoint(background(), call)).resolves.toMatchObject({ v: 3n });
      expect(await open()).toBeGreaterThan(0);
      await close?.();
      await eventually("the pool's connection is closed", async () => (await open()) === 0, 3_000);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
