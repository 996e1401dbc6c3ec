import type { EtcdMember } from "@kit/test-servers";
import { startEtcd } from "@kit/test-servers";
import type { Gateway } from "../src/gateway.js";
import { startGateway } from "../src/gateway.js";
import { post } from "./support/http.js";
import type { Instance } from "./support/instances.js";
import { startInstance } from "./support/instances.js";
import { expectEvenSpread, untilServing } from "./support/spread.js";

jest.setTimeout(60_000);

let etcd: EtcdMember | undefined;
let gateway: Gateway | undefined;
const instances: Instance[] = [];

afterAll(async () => {
  await gateway?.close();
  await Promise.allSettled(instances.map((i) => i.svc.close()));
  await etcd?.close();
});

/** The values under `prefix`, sorted, read through etcd's JSON gateway. */
async function values(url: string, prefix: string): Promise<string[]> {
  const b64 = (s: string) => Buffer.from(s).toString("base64");
  const end = prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
  const res = await fetch(`${url}/v3/kv/range`, {
    method: "POST",
    body: JSON.stringify({ key: b64(prefix), range_end: b64(end) }),
  });
  const body = (await res.json()) as { kvs?: { value: string }[] };
  return (body.kvs ?? []).map((kv) => Buffer.from(kv.value, "base64").toString()).sort();
}

describe("the apigateway over gRPC", () => {
  it("calls the gRPC listeners addsvc registered under the gRPC prefix", async () => {
    etcd = await startEtcd();
    for (const name of ["a", "b"]) {
      instances.push(await startInstance(name, { grpc: true, etcd: { hosts: [etcd.url] } }));
    }
    const [a, b] = instances as [Instance, Instance];

    // The layout: one key per listener, HTTP under /services/addsvc/, gRPC under /services/addsvc-grpc/.
    expect(await values(etcd.url, "/services/addsvc/")).toEqual(
      [a.svc.addresses.http, b.svc.addresses.http].sort(),
    );
    expect(await values(etcd.url, "/services/addsvc-grpc/")).toEqual(
      [a.svc.addresses.grpc, b.svc.addresses.grpc].sort(),
    );

    gateway = await startGateway({
      discovery: { kind: "etcd", hosts: [etcd.url] },
      transport: "grpc",
      http: { host: "127.0.0.1", port: 0 },
    });
    const address = gateway.address;
    await untilServing(address, [a, b]);
    await expectEvenSpread(address, [a, b], { concurrency: 2 });

    // Strings and business errors make the round trip too.
    expect(await post(address, "concat", "go", "kit")).toEqual({
      status: 200,
      body: { v: "gokit" },
    });
    expect(await post(address, "sum", 0, 0)).toEqual({
      status: 400,
      body: { error: "can't sum two zeroes" },
    });
  });
});
