import type { Dnsmasq, SrvHost } from "@kit/test-servers";
import { startDnsmasq } from "@kit/test-servers";
import type { Gateway } from "../src/gateway.js";
import { startGateway } from "../src/gateway.js";
import { eventually, load } from "./support/http.js";
import type { Instance } from "./support/instances.js";
import { reset, startInstance } from "./support/instances.js";

jest.setTimeout(30_000);

const name = "_addsvc._tcp.example.test";
let dnsmasq: Dnsmasq | undefined;
let gateway: Gateway | undefined;
const instances: Instance[] = [];

afterAll(async () => {
  await gateway?.close();
  await Promise.allSettled(instances.map((i) => i.svc.close()));
  await dnsmasq?.stop();
});

/** The SRV record naming an instance's HTTP listener. */
function record(instance: Instance): SrvHost {
  const [target, port] = (instance.svc.addresses.http as string).split(":") as [string, string];
  return { name, target, port: Number(port) };
}

describe("the apigateway over DNS SRV", () => {
  it("spreads over the instances the records name, and follows the records as they change", async () => {
    for (const n of ["a", "b", "c"]) instances.push(await startInstance(n));
    const [a, b, c] = instances as [Instance, Instance, Instance];
    dnsmasq = await startDnsmasq([record(a), record(b)]);
    gateway = await startGateway({
      discovery: { kind: "dns", name, server: dnsmasq.server, intervalMs: 300 },
      http: { host: "127.0.0.1", port: 0 },
    });
    const address = gateway.address;
    await eventually("a and b serve", async () => {
      await load(address, 4, 1);
      return a.served > 0 && b.served > 0;
    });
    reset(instances);
    expect(await load(address, 20, 1)).toEqual([]);
    expect([a.served, b.served, c.served]).toEqual([10, 10, 0]);

    // The records now name b and c: a leaves the rotation, c joins it.
    await dnsmasq.setRecords([record(b), record(c)]);
    await eventually("b and c serve, a no more", async () => {
      reset(instances);
      expect(await load(address, 4, 1)).toEqual([]);
      return a.served === 0 && b.served === 2 && c.served === 2;
    });
  });
});
