import type { GatewayOptions } from "../src/gateway.js";
import { startGateway } from "../src/gateway.js";

const base: GatewayOptions = {
  discovery: { kind: "static", instances: ["127.0.0.1:1"] },
  http: { host: "127.0.0.1", port: 0 },
};

describe("startGateway", () => {
  it.each([
    [{ balancer: "random" }, /balancer must be round_robin or least_pending/],
    [{ transport: "udp" }, /transport must be http or grpc/],
    [{ retryMax: 0 }, /retryMax must be a positive integer/],
    [{ retryTimeoutMs: -1 }, /retryTimeoutMs must be a positive number/],
    [{ attemptTimeoutMs: Number.NaN }, /attemptTimeoutMs must be a positive number/],
    [{ breakerThreshold: 1.5 }, /breakerThreshold must be a positive integer/],
    [{ breakerOpenMs: 0 }, /breakerOpenMs must be a positive number/],
    [{ maxPending: 0 }, /maxPending must be a positive integer/],
    [{ discovery: { kind: "eureka" } }, /unknown discovery kind "eureka"/],
  ])("refuses %j", async (bad, message) => {
    await expect(startGateway({ ...base, ...(bad as object) })).rejects.toThrow(message);
  });

  it("serves until closed, and closes once", async () => {
    const gateway = await startGateway(base);
    expect(gateway.address).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(gateway.pending()).toBe(0);
    const closed = gateway.close();
    expect(gateway.close()).toBe(closed);
    await closed;
    await expect(fetch(`http://${gateway.address}/sum`, { method: "POST" })).rejects.toThrow();
  });
});
