import type { MethodDefinition } from "@grpc/grpc-js";
import type { EtcdMember } from "@kit/test-servers";
import { startEtcd } from "@kit/test-servers";
import { loadAddService } from "../../src/transport/grpc.js";
import { testProtoPath } from "../support/addsvc.js";
import type { AddsvcChild } from "./support/addsvc-child.js";
import { highLimits, startAddsvcChild } from "./support/addsvc-child.js";
import { keysUnder } from "./support/etcd-keys.js";
import { holdGrpcCall } from "./support/held-grpc.js";
import type { Tally } from "./support/shutdown-load.js";
import { holdRequest, isRefused, loadUntilRefused } from "./support/shutdown-load.js";
import { until } from "./support/until.js";

// Graceful shutdown of the real addsvc command, registered in a real etcd, under load.
jest.setTimeout(60_000);

const prefix = "/services/addsvc/";

const { Sum } = loadAddService(testProtoPath).definition as unknown as Record<
  "Sum",
  MethodDefinition<{ a: string; b: string }, { v: string; err: string }>
>;

let etcd: EtcdMember;
let svc: AddsvcChild;

beforeAll(async () => {
  etcd = await startEtcd();
  svc = await startAddsvcChild(["--etcd-hosts", etcd.url, ...highLimits]);
});
afterAll(async () => {
  await svc?.kill();
  await etcd?.close();
});

describe("addsvc on SIGTERM under load", () => {
  it("finishes in-flight requests, deregisters, refuses new connections and exits 0, losing nothing", async () => {
    const http = svc.addresses.http ?? "";
    const jsonrpc = svc.addresses.jsonrpc ?? "";
    const grpc = svc.addresses.grpc ?? "";
    expect(await keysUnder(etcd.url, prefix)).toEqual({ [`${prefix}addsvc-${http}`]: http });

    // Requests the server has begun reading (it answered 100 Continue, or for gRPC, it has read
    // the call's headers) and that wait for their bodies: in flight when the signal lands, for as
    // long as the test holds them.
    const held = [
      ...Array.from({ length: 16 }, (_, i) => holdRequest(http, "/sum", `{"a":${i + 1},"b":100}`)),
      ...Array.from({ length: 8 }, (_, i) =>
        holdRequest(
          jsonrpc,
          "/",
          `{"jsonrpc":"2.0","method":"sum","params":{"a":${i + 1},"b":200},"id":${i}}`,
        ),
      ),
    ];
    const heldGrpc = Array.from({ length: 8 }, (_, i) =>
      holdGrpcCall(grpc, Sum.path, Sum.requestSerialize({ a: String(i + 1), b: "300" })),
    );
    await Promise.all([...held, ...heldGrpc].map((h) => h.inFlight));

    // Eight clients sending on fresh connections, each until its connection is refused.
    const tally: Tally = {
      sent: 0,
      answered: 0,
      refused: 0,
      unstarted: 0,
      drained: 0,
      lost: 0,
      losses: [],
    };
    let signalled = false;
    const load = loadUntilRefused(http, 8, () => signalled, tally);
    await until("the load to get going", () => tally.answered >= 1000, 30_000);

    signalled = true;
    process.kill(svc.child.pid ?? 0, "SIGTERM");
    await until("the HTTP listener to close", () => isRefused(http));
    await until("the JSON-RPC listener to close", () => isRefused(jsonrpc));
    await until("the gRPC listener to close", () => isRefused(grpc));
    // Out of the registry before the listener closed, and still running for the held requests.
    expect(await keysUnder(etcd.url, prefix)).toEqual({});
    expect(svc.child.exitCode).toBeNull();
    await load;

    const answers = await Promise.all(held.map((h) => h.release()));
    for (const [i, res] of answers.slice(0, 16).entries()) {
      expect(res.status).toBe(200);
      expect(res.text).toBe(`{"v":${i + 101}}`);
    }
    for (const [i, res] of answers.slice(16).entries()) {
      expect(res.status).toBe(200);
      expect(JSON.parse(res.text)).toEqual({ jsonrpc: "2.0", result: { v: i + 201 }, id: i });
    }
    for (const [i, call] of (await Promise.all(heldGrpc.map((h) => h.release()))).entries()) {
      expect(call.grpcStatus).toBe(0);
      expect(Sum.responseDeserialize(call.reply)).toEqual({ v: String(i + 301), err: "" });
    }
    expect(await svc.exited).toEqual({ code: 0, signal: null });

    // Nothing lost: every request was answered right, refused at connect, reset before the
    // server read it (queued in the kernel when the listener closed: no 100 Continue came), or
    // refused with 503 by the draining server before the endpoint ran.
    expect(tally.losses).toEqual([]);
    expect(tally.sent).toBe(tally.answered + tally.refused + tally.unstarted + tally.drained);
    expect(tally.refused).toBeGreaterThanOrEqual(8);
    console.log(
      `graceful shutdown: ${JSON.stringify({ ...tally, losses: undefined, held: held.length + heldGrpc.length })}`,
    );
  });
});
