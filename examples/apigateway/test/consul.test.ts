import type { ConsulTestServer } from "@kit/test-servers";
import { startConsulTestServer } from "@kit/test-servers";
import type { Gateway } from "../src/gateway.js";
import { startGateway } from "../src/gateway.js";
import { eventually, load } from "./support/http.js";
import type { Instance } from "./support/instances.js";
import { reset, startInstance } from "./support/instances.js";

jest.setTimeout(30_000);

let consul: ConsulTestServer;
let gateway: Gateway | undefined;
const instances: Instance[] = [];

beforeAll(async () => {
  consul = await startConsulTestServer();
});

afterAll(async () => {
  await gateway?.close();
  await Promise.allSettled(instances.map((i) => i.svc.close()));
  await consul?.close();
});

/** The service ID addsvc registers its HTTP listener under, and its TTL check's ID. */
const idOf = (instance: Instance) =>
  `addsvc-${(instance.svc.addresses.http as string).replace(":", "-")}`;
const checkOf = (instance: Instance) => `service:${idOf(instance)}`;

describe("the apigateway over Consul", () => {
  it("spreads over the passing instances addsvc registered, and drops failing and leaving ones", async () => {
    for (const name of ["a", "b", "c"]) {
      instances.push(await startInstance(name, { consul: { address: consul.address } }));
    }
    const [a, b, c] = instances as [Instance, Instance, Instance];
    // addsvc registered itself with a TTL check and passed it.
    for (const i of instances)
      expect(consul.services().get(idOf(i))?.check?.status).toBe("passing");

    gateway = await startGateway({
      discovery: { kind: "consul", address: consul.address },
      http: { host: "127.0.0.1", port: 0 },
    });
    const address = gateway.address;
    await eventually("all three instances serve", async () => {
      await load(address, 6, 1);
      return a.served > 0 && b.served > 0 && c.served > 0;
    });
    reset(instances);
    expect(await load(address, 30, 1)).toEqual([]);
    expect([a.served, b.served, c.served]).toEqual([10, 10, 10]);

    // b's check goes critical: passing-only discovery takes it out, though it still runs.
    consul.setCheck(checkOf(b), "critical");
    await eventually("b leaves the rotation", async () => {
      reset(instances);
      expect(await load(address, 6, 1)).toEqual([]);
      return b.served === 0 && a.served === 3 && c.served === 3;
    });

    // c shuts down: it deregisters before its listeners close, and no request fails.
    await c.svc.close();
    expect(consul.services().has(idOf(c))).toBe(false);
    reset(instances);
    expect(await load(address, 10, 2)).toEqual([]);
    expect(a.served).toBe(10);
  });
});
