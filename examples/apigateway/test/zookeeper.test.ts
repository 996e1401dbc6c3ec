import type { Registrar } from "@kit/endpoint/sd";
import { createZooKeeperRegistrar } from "@kit/sd-zookeeper";
import type { ZooKeeperServer } from "@kit/test-servers";
import { startZooKeeper } from "@kit/test-servers";
import type { Gateway } from "../src/gateway.js";
import { startGateway } from "../src/gateway.js";
import type { Instance } from "./support/instances.js";
import { startInstance } from "./support/instances.js";
import { expectEvenSpread, untilOnly, untilServing } from "./support/spread.js";

jest.setTimeout(60_000);

const path = "/services/addsvc";
let zookeeper: ZooKeeperServer | undefined;
let gateway: Gateway | undefined;
const instances: Instance[] = [];
const registrars: Registrar[] = [];

afterAll(async () => {
  await gateway?.close();
  await Promise.allSettled(registrars.map((r) => r.deregister()));
  await Promise.allSettled(instances.map((i) => i.svc.close()));
  await zookeeper?.stop();
});

/** Starts an instance and registers its HTTP listener under `path` with sd-zookeeper. */
async function registered(name: string): Promise<[Instance, Registrar]> {
  const instance = await startInstance(name);
  instances.push(instance);
  const registrar = createZooKeeperRegistrar({
    connect: zookeeper?.connect as string,
    path,
    instance: instance.svc.addresses.http as string,
    sessionTimeoutMs: 2_000,
  });
  registrars.push(registrar);
  await registrar.register();
  return [instance, registrar];
}

describe("the apigateway over ZooKeeper", () => {
  it("spreads over the registered instances and follows registrations", async () => {
    zookeeper = await startZooKeeper();
    const [a] = await registered("a");
    const [b, bRegistrar] = await registered("b");
    gateway = await startGateway({
      discovery: { kind: "zookeeper", connect: zookeeper.connect },
      http: { host: "127.0.0.1", port: 0 },
    });
    const address = gateway.address;
    await untilServing(address, [a, b]);
    await expectEvenSpread(address, [a, b]);

    // b deregisters (its node goes), c registers: the rotation follows.
    await bRegistrar.deregister();
    const [c] = await registered("c");
    await untilOnly(address, [a, c], [b]);
  });
});
