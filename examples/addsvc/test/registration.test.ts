import type { ConsulTestServer } from "@kit/test-servers";
import { startConsulTestServer, startEtcd } from "@kit/test-servers";
import { startTestAddsvc } from "./support/addsvc.js";
import { startAddsvcProcess } from "./support/processes.js";

jest.setTimeout(30_000);

let consul: ConsulTestServer;

beforeEach(async () => {
  consul = await startConsulTestServer();
});

afterEach(async () => {
  await consul.close();
});

/** `host:port` as the Consul service ID part addsvc uses: `host-port`. */
const dashed = (address: string | undefined) => (address as string).replace(":", "-");

/** Resolves once `checkId` has been passed `times` times. */
function passes(checkId: string, times: number): Promise<void> {
  const count = () =>
    consul.requests.filter((r) => decodeURIComponent(r.path) === `/v1/agent/check/pass/${checkId}`)
      .length;
  return new Promise((resolve) => {
    const poll = () => (count() >= times ? resolve() : setTimeout(poll, 50));
    poll();
  });
}

describe("addsvc's Consul registration", () => {
  it("registers the HTTP and gRPC listeners with passing TTL checks, keeps them passing, and deregisters on close", async () => {
    const svc = await startTestAddsvc({ consul: { address: consul.address, ttlSec: 1 } });
    try {
      const httpId = `addsvc-${dashed(svc.addresses.http)}`;
      const grpcId = `addsvc-grpc-${dashed(svc.addresses.grpc)}`;
      const registered = consul.services();
      expect([...registered.keys()].sort()).toEqual([httpId, grpcId].sort());
      expect(registered.get(httpId)).toMatchObject({
        Name: "addsvc",
        Address: "127.0.0.1",
        Port: Number(svc.addresses.http?.split(":")[1]),
      });
      expect(registered.get(grpcId)).toMatchObject({
        Name: "addsvc-grpc",
        Port: Number(svc.addresses.grpc?.split(":")[1]),
      });

      // A TTL of 1 s: only the heartbeat keeps the checks passing past it.
      await passes(`service:${httpId}`, 4);
      await passes(`service:${grpcId}`, 4);
      expect(registered.get(httpId)?.check?.status).toBe("passing");
      expect(registered.get(grpcId)?.check?.status).toBe("passing");
    } finally {
      await svc.close();
    }
    expect(consul.services().size).toBe(0);
  });

  it("announces the advertised addresses and service names it is given", async () => {
    const svc = await startTestAddsvc({
      consul: {
        address: consul.address,
        service: "add-http",
        grpcService: "add-grpc",
        advertiseAddr: "10.0.0.5:80",
        grpcAdvertiseAddr: "10.0.0.5:81",
      },
    });
    try {
      const byName = Object.fromEntries(
        [...consul.services().values()].map((s) => [s.Name, `${s.Address}:${s.Port}`]),
      );
      expect(byName).toEqual({ "add-http": "10.0.0.5:80", "add-grpc": "10.0.0.5:81" });
    } finally {
      await svc.close();
    }
  });

  it("needs the HTTP or gRPC listener", async () => {
    await expect(
      startTestAddsvc({ http: undefined, grpc: undefined, consul: { address: consul.address } }),
    ).rejects.toThrow("Consul registration needs the HTTP or gRPC listener");
  });

  it("fails to start when Consul cannot be reached", async () => {
    await consul.stop();
    await expect(startTestAddsvc({ consul: { address: consul.address } })).rejects.toMatchObject({
      code: "unavailable",
    });
  });

  it("is switched on by the command's --consul-addr flag and withdrawn on SIGTERM", async () => {
    const proc = await startAddsvcProcess(["--consul-addr", consul.address.replace("http://", "")]);
    expect([...consul.services().values()].map((s) => s.Name).sort()).toEqual([
      "addsvc",
      "addsvc-grpc",
    ]);
    proc.child.kill("SIGTERM");
    expect(await proc.exited).toBe(0);
    expect(consul.services().size).toBe(0);
  });
});

describe("addsvc's etcd and Consul registrations together", () => {
  it("withdraw the etcd keys already made when the Consul registration fails", async () => {
    const etcd = await startEtcd();
    try {
      await consul.stop();
      await expect(
        startTestAddsvc({ etcd: { hosts: [etcd.url] }, consul: { address: consul.address } }),
      ).rejects.toMatchObject({ code: "unavailable" });
      const res = await fetch(`${etcd.url}/v3/kv/range`, {
        method: "POST",
        body: JSON.stringify({ key: Buffer.from("/").toString("base64"), range_end: "AA==" }),
      });
      expect(((await res.json()) as { kvs?: unknown[] }).kvs ?? []).toEqual([]);
    } finally {
      await etcd.close();
    }
  });
});
