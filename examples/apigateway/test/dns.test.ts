import type { Dnsmasq, SrvHost } from "@kit/test-servers";
import { startDnsmasq } from "@kit/test-servers";
import type { Gateway } from "../src/gateway.js";
import { startGateway } from "../src/gateway.js";
import type { Instance } from "./support/instances.js";
import { startInstance } from "./support/instances.js";
import { expectEvenSpread, untilOnly, untilServing } from "./support/spread.js";

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
    await untilServing(address, [a, b]);
    await expectEvenSpread(address, [a, b], { idle: [c] });

    // The records now name b and c: a leaves the rotation, c joins it.
    await dnsmasq.setRecords([record(b), record(c)]);
    await untilOnly(address, [b, c], [a]);
  });
});
