/**
 * End to end through the public entry point: a kit server and a kit client on real grpc-js, as
 * a user wires them.
 */
import * as grpc from "@grpc/grpc-js";
import type { Code, Context, Endpoint } from "@kit/endpoint";
import {
  appendOutgoingMetadata,
  background,
  incomingMetadata,
  isKitError,
  KitError,
  withCancel,
  withTimeout,
} from "@kit/endpoint";
import * as api from "../src/index.js";
import { addService, createClient, createServer, loadService } from "../src/index.js";
import type { ConcatReply, ConcatRequest, SumReply, SumRequest } from "./support/grpc.js";
import { aborted, deferred, protoPath, startServer } from "./support/grpc.js";

type SumReq = { a: bigint; b: bigint };
type SumRes = { v: bigint };

const { definition, Client } = loadService<"Sum" | "Concat">(protoPath, "pb.Add");

let server: grpc.Server | undefined;
let client: grpc.Client | undefined;

afterEach(() => {
  client?.close();
  server?.forceShutdown();
  client = undefined;
  server = undefined;
});

/** Serves `sum` (and a concat) with kit servers; returns kit client endpoints for both. */
async function wire(
  sum: Endpoint<SumReq, SumRes>,
  serverOptions: api.ServerOptions = {},
  clientOptions: api.ClientOptions = {},
) {
  const started = await startServer((s) =>
    addService(s, definition, {
      Sum: createServer(
        sum,
        async (_ctx, r: SumRequest) => ({ a: BigInt(r.a), b: BigInt(r.b) }),
        async (_ctx, r: SumRes): Promise<SumReply> => ({ v: r.v.toString(), err: "" }),
        serverOptions,
      ),
      Concat: createServer(
        async (_ctx: Context, r: ConcatRequest) => r.a + r.b,
        async (_ctx, r: ConcatRequest) => r,
        async (_ctx, v: string): Promise<ConcatReply> => ({ v, err: "" }),
      ),
    }),
  );
  server = started.server;
  client = new Client(started.address, grpc.credentials.createInsecure());
  return {
    sum: createClient(
      client,
      "Sum",
      async (_ctx, r: SumReq): Promise<SumRequest> => ({ a: r.a.toString(), b: r.b.toString() }),
      async (_ctx, r: SumReply): Promise<SumRes> => ({ v: BigInt(r.v) }),
      clientOptions,
    ),
    concat: createClient(
      client,
      "Concat",
      async (_ctx, r: ConcatRequest) => r,
      async (_ctx, r: ConcatReply) => r.v,
    ),
  };
}

const add: Endpoint<SumReq, SumRes> = async (_ctx, { a, b }) => ({ v: a + b });

describe("@kit/transport-grpc", () => {
  it("exports the public API by name", () => {
    expect(Object.keys(api).sort()).toEqual(
      [
        "addService",
        "createClient",
        "createServer",
        "defaultLoaderOptions",
        "errorDetailsTrailer",
        "errorFromStatus",
        "fromGrpcMetadata",
        "loadService",
        "toGrpcMetadata",
        "toGrpcStatus",
      ].sort(),
    );
  });

  it("connects a kit client to a kit server for both methods", async () => {
    const { sum, concat } = await wire(add);
    await expect(sum(background(), { a: 1n, b: 2n })).resolves.toEqual({ v: 3n });
    await expect(concat(background(), { a: "go", b: "kit" })).resolves.toBe("gokit");
  });

  it("keeps int64 beyond 2^53 exact both ways", async () => {
    let seen: bigint | undefined;
    const { sum } = await wire(async (ctx, req) => {
      seen = req.a;
      return add(ctx, req);
    });
    const res = await sum(background(), { a: 9007199254740993n, b: 0n });
    expect(seen).toBe(9007199254740993n);
    expect(res.v).toBe(9007199254740993n);
    expect((await sum(background(), { a: 2n ** 62n, b: 2n ** 62n - 1n })).v).toBe(2n ** 63n - 1n);
  });

  it("carries the client's outgoing metadata to the server's incoming metadata", async () => {
    let md: Record<string, string[]> | undefined;
    const { sum } = await wire(async (ctx, req) => {
      md = incomingMetadata(ctx).toJSON();
      return add(ctx, req);
    });
    const ctx = appendOutgoingMetadata(background(), {
      traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
      "grpc-trace-bin": "AQID",
      "x-bytes-bin": "AQID",
    });
    await sum(ctx, { a: 1n, b: 1n });
    expect(md?.traceparent).toEqual(["00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"]);
    expect(md?.["x-bytes-bin"]).toEqual(["AQID"]);
    expect(md?.["grpc-trace-bin"]).toBeUndefined(); // grpc-* is gRPC's own namespace
  });

  it("carries header and trailer from the server's after hooks to the client's", async () => {
    const seen = deferred<{ header: string[]; trailer: string[] }>();
    const { sum } = await wire(
      add,
      {
        after: [
          (ctx, header, trailer) => {
            header.set("x-server", "kit");
            trailer.set("x-took", "1");
            return ctx;
          },
        ],
      },
      {
        after: [
          (ctx, header, trailer) => {
            seen.resolve({
              header: header.get("x-server") as string[],
              trailer: trailer.get("x-took") as string[],
            });
            return ctx;
          },
        ],
      },
    );
    await sum(background(), { a: 1n, b: 1n });
    expect(await seen.promise).toEqual({ header: ["kit"], trailer: ["1"] });
  });

  it.each<Code>([
    "invalid_argument",
    "resource_exhausted",
    "unavailable",
    "not_found",
    "unauthenticated",
  ])(
    "turns a KitError %s thrown by the endpoint into the same code at the client",
    async (code) => {
      const { sum } = await wire(async () => {
        throw new KitError(code, `no: ${code}`, { details: { why: code } });
      });
      const err = await sum(background(), { a: 1n, b: 1n }).catch((e: unknown) => e);
      expect(isKitError(err) && [err.code, err.message, err.details]).toEqual([
        code,
        `no: ${code}`,
        { why: code },
      ]);
    },
  );

  it("gives the client internal with a generic message for a plain error, never its message", async () => {
    const { sum } = await wire(async () => {
      throw new Error("connection string postgres://admin:pw@db");
    });
    const err = await sum(background(), { a: 1n, b: 1n }).catch((e: unknown) => e);
    expect(isKitError(err) && err.code).toBe("internal");
    expect((err as Error).message).toBe("internal error");
  });

  it("fails with deadline_exceeded at the client and aborts the endpoint's context when the deadline is shorter than the work", async () => {
    const endpointAborted = deferred<unknown>();
    const { sum } = await wire(async (ctx) => {
      endpointAborted.resolve(await aborted(ctx.signal));
      throw ctx.signal.reason;
    });
    const [ctx, cancel] = withTimeout(background(), 50);
    const err = await sum(ctx, { a: 1n, b: 1n }).catch((e: unknown) => e);
    cancel();
    expect(isKitError(err) && err.code).toBe("deadline_exceeded");
    expect(isKitError(await endpointAborted.promise)).toBe(true);
  });

  it("gives the server's context the client's deadline", async () => {
    let serverDeadline: number | undefined;
    const { sum } = await wire(async (ctx, req) => {
      serverDeadline = ctx.deadline;
      return add(ctx, req);
    });
    const [ctx, cancel] = withTimeout(background(), 20_000);
    await sum(ctx, { a: 1n, b: 1n });
    cancel();
    expect(Math.abs((serverDeadline as number) - (ctx.deadline as number))).toBeLessThan(1_000);
  });

  it("cancels the server's work when the client's context is cancelled", async () => {
    const started = deferred();
    const serverSaw = deferred<unknown>();
    const { sum } = await wire(async (ctx) => {
      started.resolve();
      serverSaw.resolve(await aborted(ctx.signal));
      throw ctx.signal.reason;
    });
    const [ctx, cancel] = withCancel(background());
    const result = sum(ctx, { a: 1n, b: 1n }).catch((e: unknown) => e);
    await started.promise;
    cancel();
    const err = await result;
    expect(isKitError(err) && err.code).toBe("canceled");
    const reason = await serverSaw.promise;
    expect(isKitError(reason) && reason.code).toBe("canceled");
  });
});
