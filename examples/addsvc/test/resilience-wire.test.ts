import type { ServiceError } from "@grpc/grpc-js";
import { credentials } from "@grpc/grpc-js";
import type { Addsvc } from "../src/app.js";
import { goKitLimits } from "../src/endpoint/resilience.js";
import type { AddService } from "../src/service/service.js";
import { addService } from "../src/service/service.js";
import { loadAddService } from "../src/transport/grpc.js";
import { startTestAddsvc, testProtoPath } from "./support/addsvc.js";

/** Calls pb.Add/Sum with a raw grpc-js client; resolves with the status code (0 = OK). */
function grpcSum(address: string): Promise<number> {
  const { Client } = loadAddService(testProtoPath);
  const client = new Client(address, credentials.createInsecure()) as unknown as {
    Sum(req: object, cb: (err: ServiceError | null) => void): void;
    close(): void;
  };
  return new Promise((resolve) =>
    client.Sum({ a: "1", b: "2" }, (err) => {
      client.close();
      resolve(err ? err.code : 0);
    }),
  );
}

const post = (svc: Addsvc, path: string) =>
  fetch(`http://${svc.addresses.http}${path}`, {
    method: "POST",
    body: '{"a":1,"b":2}',
    headers: { "content-type": "application/json" },
  });

const rpcSum = async (svc: Addsvc) => {
  const res = await fetch(`http://${svc.addresses.jsonrpc}/`, {
    method: "POST",
    body: '{"jsonrpc":"2.0","method":"sum","params":{"a":1,"b":2},"id":1}',
    headers: { "content-type": "application/json" },
  });
  return (await res.json()) as { error?: { code: number; message: string } };
};

describe("addsvc over the wire with go-kit's limits", () => {
  let svc: Addsvc;
  beforeEach(async () => {
    svc = await startTestAddsvc({ limits: goKitLimits });
  });
  afterEach(() => svc.close());

  it("answers a second sum within the second with 429, RESOURCE_EXHAUSTED and -32008", async () => {
    expect((await post(svc, "/sum")).status).toBe(200);
    const limited = await post(svc, "/sum");
    expect(limited.status).toBe(429);
    expect(await limited.json()).toEqual({ error: "rate limit exceeded" });
    expect(await grpcSum(svc.addresses.grpc!)).toBe(8);
    expect((await rpcSum(svc)).error?.code).toBe(-32008);
  });
});

describe("addsvc over the wire with a failing dependency", () => {
  let svc: Addsvc;
  beforeEach(async () => {
    const broken: AddService = {
      ...addService(),
      sum: async () => {
        throw new Error("database down");
      },
    };
    svc = await startTestAddsvc({ service: broken });
  });
  afterEach(() => svc.close());

  it("answers 500 with a generic message, then 503 and UNAVAILABLE once the breaker opens", async () => {
    for (let i = 0; i < 6; i++) {
      const res = await post(svc, "/sum");
      expect(res.status).toBe(500);
      expect(await res.json()).toEqual({ error: "internal error" });
    }
    const open = await post(svc, "/sum");
    expect(open.status).toBe(503);
    expect(await open.json()).toEqual({ error: "circuit breaker is open" });
    expect(await grpcSum(svc.addresses.grpc!)).toBe(14);
    expect((await rpcSum(svc)).error?.code).toBe(-32014);
  });
});
