import type { ConsulTestServer } from "@kit/test-servers";
import { startConsulTestServer } from "@kit/test-servers";
import type { Gateway } from "../src/gateway.js";
import { startGateway } from "../src/gateway.js";
import { load } from "./support/http.js";
import type { Instance } from "./support/instances.js";
import { reset, startInstance } from "./support/instances.js";
import { expectEvenSpread, untilOnly, untilServing } from "./support/spread.js";

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
    await untilServing(address, [a, b, c]);
    await expectEvenSpread(address, [a, b, c]);

    // b's check goes critical: passing-only discovery takes it out, though it still runs.
    consul.setCheck(checkOf(b), "critical");
    await untilOnly(address, [a, c], [b], 3);

    // c shuts down: it deregisters before its listeners close, and no request fails.
    await c.svc.close();
    expect(consul.services().has(idOf(c))).toBe(false);
    reset(instances);
    expect(await load(address, 10, 2)).toEqual([]);
    expect(a.served).toBe(10);
  });
});
