import { getEventListeners } from "node:events";
import * as grpc from "@grpc/grpc-js";
import { Metadata, status } from "@grpc/grpc-js";
import type { Code, Context, Endpoint } from "@kit/endpoint";
import {
  background,
  createKey,
  createMetadata,
  isKitError,
  type KitError,
  withCancel,
  withOutgoingMetadata,
  withTimeout,
  withValue,
} from "@kit/endpoint";
import type { ClientMethod, ClientOptions } from "../src/client.js";
import { createClient } from "../src/client.js";
import { loadService } from "../src/load-service.js";
import type { CallSummary } from "../src/status.js";
import { errorDetailsTrailer } from "../src/status.js";
import type { SumReply, SumRequest } from "./support/grpc.js";
import { connect, deadAddress, deferred, loadRaw, protoPath, startServer } from "./support/grpc.js";

type SumReq = { a: bigint; b: bigint };
type SumRes = { v: bigint };

const encodeSum = async (_ctx: Context, r: SumReq): Promise<SumRequest> => ({
  a: r.a.toString(),
  b: r.b.toString(),
});
const decodeSum = async (_ctx: Context, r: SumReply): Promise<SumRes> => ({ v: BigInt(r.v) });

const { Client, definition } = loadService<"Sum" | "Concat">(protoPath, "pb.Add");
const RawClient = loadRaw();

let server: grpc.Server | undefined;
let client: grpc.Client | undefined;
let address = "";

afterEach(() => {
  client?.close();
  server?.forceShutdown();
  client = undefined;
  server = undefined;
});

/** Starts a raw grpc-js server (no kit code) answering pb.Add/Sum with `sum`, and a kit-side client. */
async function rawServer(sum: grpc.handleUnaryCall<SumRequest, SumReply>): Promise<grpc.Client> {
  const started = await startServer((s) => s.addService(RawClient.service, { Sum: sum }));
  server = started.server;
  address = started.address;
  client = connect(Client, address);
  return client;
}

const adder: grpc.handleUnaryCall<SumRequest, SumReply> = (call, callback) =>
  callback(null, { v: (BigInt(call.request.a) + BigInt(call.request.b)).toString(), err: "" });

/** A raw handler that fails with `code` and `details`, and optional trailer. */
const failing =
  (code: number, details: string, trailer?: Metadata): grpc.handleUnaryCall<SumRequest, SumReply> =>
  (_call, callback) =>
    callback({ code, details, metadata: trailer ?? new Metadata() }, null);

/** The KitError `promise` rejects with (fails the test otherwise). */
async function rejection(promise: Promise<unknown>): Promise<KitError> {
  try {
    await promise;
  } catch (err) {
    if (isKitError(err)) return err;
    throw err;
  }
  throw new Error("expected a rejection");
}

describe("createClient", () => {
  it("calls a raw grpc-js server and decodes its reply", async () => {
    const c = await rawServer(adder);
    const sum = createClient(c, "Sum", encodeSum, decodeSum);
    await expect(sum(background(), { a: 1n, b: 2n })).resolves.toEqual({ v: 3n });
  });

  it("keeps int64 beyond 2^53 exact in both directions", async () => {
    let seen: SumRequest | undefined;
    const c = await rawServer((call, callback) => {
      seen = call.request;
      adder(call, callback);
    });
    const sum = createClient(c, "Sum", encodeSum, decodeSum);
    const res = await sum(background(), { a: 9007199254740993n, b: 2n });
    expect(seen?.a).toBe("9007199254740993");
    expect(res.v).toBe(9007199254740995n);
  });

  it("sends the context's outgoing metadata, binary values as bytes", async () => {
    let md: grpc.Metadata | undefined;
    const c = await rawServer((call, callback) => {
      md = call.metadata;
      adder(call, callback);
    });
    const sum = createClient(c, "Sum", encodeSum, decodeSum);
    const ctx = withOutgoingMetadata(
      background(),
      createMetadata({ "x-request-id": "r-42", "trace-bin": "AQID", host: "dropped" }),
    );
    await sum(ctx, { a: 1n, b: 1n });
    expect(md?.get("x-request-id")).toEqual(["r-42"]);
    expect(md?.get("trace-bin")).toEqual([Buffer.from([1, 2, 3])]);
    expect(md?.get("host")).toEqual([]);
  });

  it("lets before hooks add metadata and derive the context", async () => {
    const key = createKey<string>("k");
    let md: grpc.Metadata | undefined;
    let seenByDecode: string | undefined;
    const c = await rawServer((call, callback) => {
      md = call.metadata;
      adder(call, callback);
    });
    const sum = createClient(
      c,
      "Sum",
      encodeSum,
      async (ctx, r: SumReply) => {
        seenByDecode = ctx.value(key);
        return decodeSum(ctx, r);
      },
      {
        before: [
          (ctx, metadata) => {
            metadata.set("authorization", "Bearer t");
            return withValue(ctx, key, "from before");
          },
        ],
      },
    );
    await sum(background(), { a: 1n, b: 1n });
    expect(md?.get("authorization")).toEqual(["Bearer t"]);
    expect(seenByDecode).toBe("from before");
  });

  it("hands the response header and trailer to after hooks", async () => {
    const c = await rawServer((call, callback) => {
      const header = new Metadata();
      header.set("x-version", "7");
      call.sendMetadata(header);
      const trailer = new Metadata();
      trailer.set("x-cost", "3");
      callback(null, { v: "0", err: "" }, trailer);
    });
    const seen = deferred<[string[], string[]]>();
    const sum = createClient(c, "Sum", encodeSum, decodeSum, {
      after: [
        (ctx, header, trailer) => {
          seen.resolve([header.get("x-version") as string[], trailer.get("x-cost") as string[]]);
          return ctx;
        },
      ],
    });
    await sum(background(), { a: 0n, b: 0n });
    expect(await seen.promise).toEqual([["7"], ["3"]]);
  });

  it("runs codecs and hooks in go-kit's order, then the finalizer once", async () => {
    const order: string[] = [];
    const c = await rawServer((call, callback) => {
      order.push("server");
      adder(call, callback);
    });
    const mark = (name: string) => (ctx: Context) => {
      order.push(name);
      return ctx;
    };
    const sum = createClient(
      c,
      "Sum",
      async (ctx, r: SumReq) => {
        order.push("encode");
        return encodeSum(ctx, r);
      },
      async (ctx, r: SumReply) => {
        order.push("decode");
        return decodeSum(ctx, r);
      },
      {
        before: [mark("before1"), mark("before2")],
        after: [mark("after1"), mark("after2")],
        finalizer: [mark("finalizer")],
      },
    );
    await sum(background(), { a: 1n, b: 1n });
    expect(order).toEqual([
      "encode",
      "before1",
      "before2",
      "server",
      "after1",
      "after2",
      "decode",
      "finalizer",
    ]);
  });

  it("reports ok to the finalizer after a successful call", async () => {
    const summaries: CallSummary[] = [];
    const c = await rawServer(adder);
    const sum = createClient(c, "Sum", encodeSum, decodeSum, {
      finalizer: [(_ctx, s) => summaries.push(s)],
    });
    await sum(background(), { a: 1n, b: 1n });
    expect(summaries).toHaveLength(1);
    expect(summaries[0]).toMatchObject({ code: "ok", grpcStatus: 0 });
    expect(summaries[0]?.durationMs).toBeGreaterThanOrEqual(0);
  });

  it.each<[number, Code]>([
    [status.INVALID_ARGUMENT, "invalid_argument"],
    [status.RESOURCE_EXHAUSTED, "resource_exhausted"],
    [status.UNAVAILABLE, "unavailable"],
    [status.PERMISSION_DENIED, "permission_denied"],
  ])(
    "rejects gRPC status %i with a KitError %s carrying the status details",
    async (grpcStatus, code) => {
      const c = await rawServer(failing(grpcStatus, "upstream says no"));
      const summaries: CallSummary[] = [];
      const sum = createClient(c, "Sum", encodeSum, decodeSum, {
        finalizer: [(_ctx, s) => summaries.push(s)],
      });
      const err = await rejection(sum(background(), { a: 1n, b: 1n }));
      expect(err.code).toBe(code);
      expect(err.message).toBe("upstream says no");
      expect((err.cause as grpc.ServiceError).code).toBe(grpcStatus);
      expect(summaries.map((s) => [s.code, s.grpcStatus, s.error])).toEqual([
        [code, grpcStatus, err],
      ]);
    },
  );

  it("reads a KitError's details from the details trailer", async () => {
    const trailer = new Metadata();
    trailer.set(errorDetailsTrailer, Buffer.from(JSON.stringify({ field: "a" })));
    const c = await rawServer(failing(status.INVALID_ARGUMENT, "bad", trailer));
    const sum = createClient(c, "Sum", encodeSum, decodeSum);
    const err = await rejection(sum(background(), { a: 1n, b: 1n }));
    expect(err.details).toEqual({ field: "a" });
  });

  it("does not run after hooks or the decoder when the call fails", async () => {
    let ran = false;
    const c = await rawServer(failing(status.NOT_FOUND, "none"));
    const sum = createClient(
      c,
      "Sum",
      encodeSum,
      async (ctx, r: SumReply) => {
        ran = true;
        return decodeSum(ctx, r);
      },
      {
        after: [
          (ctx) => {
            ran = true;
            return ctx;
          },
        ],
      },
    );
    await expect(sum(background(), { a: 1n, b: 1n })).rejects.toMatchObject({ code: "not_found" });
    expect(ran).toBe(false);
  });

  it("rethrows what the encoder throws, as is, and reports it as unknown", async () => {
    const c = await rawServer(adder);
    const boom = new Error("cannot encode");
    const summaries: CallSummary[] = [];
    const sum = createClient(
      c,
      "Sum",
      async (): Promise<SumRequest> => {
        throw boom;
      },
      decodeSum,
      { finalizer: [(_ctx, s) => summaries.push(s)] },
    );
    await expect(sum(background(), { a: 1n, b: 1n })).rejects.toBe(boom);
    expect(summaries.map((s) => s.code)).toEqual(["unknown"]);
  });

  it("sends the context's deadline as the call's deadline", async () => {
    let deadline: grpc.Deadline | undefined;
    const c = await rawServer((call, callback) => {
      deadline = call.getDeadline();
      adder(call, callback);
    });
    const sum = createClient(c, "Sum", encodeSum, decodeSum);
    const [ctx, cancel] = withTimeout(background(), 30_000);
    await sum(ctx, { a: 1n, b: 1n });
    cancel();
    const ms = deadline instanceof Date ? deadline.getTime() : Number(deadline);
    // grpc-timeout travels as a relative duration, so allow for the trip.
    expect(Math.abs(ms - (ctx.deadline as number))).toBeLessThan(1_000);
  });

  it("sends no deadline when the context has none", async () => {
    let deadline: grpc.Deadline | undefined;
    const c = await rawServer((call, callback) => {
      deadline = call.getDeadline();
      adder(call, callback);
    });
    await createClient(c, "Sum", encodeSum, decodeSum)(background(), { a: 1n, b: 1n });
    expect(deadline).toBe(Infinity);
  });

  it("rejects with deadline_exceeded when the server is slower than the context's deadline", async () => {
    const cancelled = deferred();
    const c = await rawServer((call) => {
      call.on("cancelled", () => cancelled.resolve()); // never answers
    });
    const sum = createClient(c, "Sum", encodeSum, decodeSum);
    const [ctx, cancel] = withTimeout(background(), 50);
    const err = await rejection(sum(ctx, { a: 1n, b: 1n }));
    cancel();
    expect(err.code).toBe("deadline_exceeded");
    await cancelled.promise; // the server learnt the call is over
  });

  it("cancels the call when the context is cancelled, and rejects with canceled", async () => {
    const started = deferred();
    const cancelled = deferred();
    const c = await rawServer((call) => {
      call.on("cancelled", () => cancelled.resolve());
      started.resolve();
    });
    const sum = createClient(c, "Sum", encodeSum, decodeSum);
    const [ctx, cancel] = withCancel(background());
    const result = sum(ctx, { a: 1n, b: 1n });
    await started.promise;
    cancel();
    const err = await rejection(result);
    expect(err.code).toBe("canceled");
    await cancelled.promise;
    expect(getEventListeners(ctx.signal, "abort")).toHaveLength(0);
  });

  it("rejects an already-ended context with its error, without calling the server", async () => {
    let calls = 0;
    let encodes = 0;
    const c = await rawServer((call, callback) => {
      calls++;
      adder(call, callback);
    });
    const sum = createClient(
      c,
      "Sum",
      async (ctx, r: SumReq) => {
        encodes++;
        return encodeSum(ctx, r);
      },
      decodeSum,
    );
    const [ctx, cancel] = withCancel(background());
    cancel();
    expect((await rejection(sum(ctx, { a: 1n, b: 1n }))).code).toBe("canceled");
    const [expired] = withTimeout(background(), 0);
    expect((await rejection(sum(expired, { a: 1n, b: 1n }))).code).toBe("deadline_exceeded");
    expect([calls, encodes]).toEqual([0, 0]);
  });

  it("removes its abort listener after a successful call", async () => {
    const c = await rawServer(adder);
    const sum = createClient(c, "Sum", encodeSum, decodeSum);
    const [ctx, cancel] = withCancel(background());
    await sum(ctx, { a: 1n, b: 1n });
    await sum(ctx, { a: 2n, b: 2n });
    expect(getEventListeners(ctx.signal, "abort")).toHaveLength(0);
    cancel();
  });

  it("adds no abort listener to a context's signal however many calls are in flight", async () => {
    const n = 20;
    const arrived = deferred();
    const held: grpc.sendUnaryData<SumReply>[] = [];
    const c = await rawServer((_call, callback) => {
      held.push(callback);
      if (held.length === n) arrived.resolve();
    });
    const sum = createClient(c, "Sum", encodeSum, decodeSum);
    const warnings: Error[] = [];
    const onWarning = (w: Error) => warnings.push(w);
    process.on("warning", onWarning);
    try {
      const ctx = background();
      const calls = Array.from({ length: n }, (_, i) => sum(ctx, { a: BigInt(i), b: 1n }));
      await arrived.promise;
      expect(getEventListeners(ctx.signal, "abort")).toHaveLength(0);
      for (const callback of held) callback(null, { v: "1", err: "" });
      await expect(Promise.all(calls)).resolves.toHaveLength(n);
      expect(getEventListeners(ctx.signal, "abort")).toHaveLength(0);
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings.filter((w) => w.name === "MaxListenersExceededWarning")).toEqual([]);
    } finally {
      process.off("warning", onWarning);
    }
  });

  it("cancels every call in flight on a context when it is cancelled", async () => {
    const n = 20;
    const arrived = deferred();
    let started = 0;
    const c = await rawServer(() => {
      if (++started === n) arrived.resolve();
    });
    const sum = createClient(c, "Sum", encodeSum, decodeSum);
    const [ctx, cancel] = withCancel(background());
    const calls = Array.from({ length: n }, () => rejection(sum(ctx, { a: 1n, b: 1n })));
    await arrived.promise;
    expect(getEventListeners(ctx.signal, "abort")).toHaveLength(0);
    cancel();
    const errors = await Promise.all(calls);
    expect(errors.map((e) => e.code)).toEqual(Array(n).fill("canceled"));
    expect(getEventListeners(ctx.signal, "abort")).toHaveLength(0);
  });

  it("rejects with unavailable when nothing listens", async () => {
    client = connect(Client, await deadAddress());
    const sum = createClient(client, "Sum", encodeSum, decodeSum);
    const err = await rejection(sum(background(), { a: 1n, b: 1n }));
    expect(err.code).toBe("unavailable");
  });

  it("rejects with unavailable when the client was closed", async () => {
    const c = await rawServer(adder);
    const sum = createClient(c, "Sum", encodeSum, decodeSum);
    c.close();
    const err = await rejection(sum(background(), { a: 1n, b: 1n }));
    expect(err.code).toBe("unavailable");
  });

  it("finds the method by its original name or its path", async () => {
    const c = await rawServer(adder);
    const byOriginal = createClient(c, "sum", encodeSum, decodeSum);
    const byPath = createClient(c, "/pb.Add/Sum", encodeSum, decodeSum);
    await expect(byOriginal(background(), { a: 1n, b: 2n })).resolves.toEqual({ v: 3n });
    await expect(byPath(background(), { a: 2n, b: 2n })).resolves.toEqual({ v: 4n });
  });

  it("calls a method definition through a plain grpc.Client", async () => {
    await rawServer(adder);
    const plain = new grpc.Client(address, grpc.credentials.createInsecure());
    try {
      const sum = createClient(plain, definition.Sum, encodeSum, decodeSum);
      await expect(sum(background(), { a: 5n, b: 5n })).resolves.toEqual({ v: 10n });
    } finally {
      plain.close();
    }
  });

  it("throws a TypeError at construction for a method the client lacks, listing its methods", async () => {
    const c = await rawServer(adder);
    expect(() => createClient(c, "Multiply", encodeSum, decodeSum)).toThrow(
      /"Multiply" is not a method of the client \(methods: Sum, Concat\)/,
    );
  });

  it("throws a TypeError for a method name on a client without a service", () => {
    const plain = new grpc.Client("127.0.0.1:1", grpc.credentials.createInsecure());
    try {
      expect(() => createClient(plain, "Sum", encodeSum, decodeSum)).toThrow(
        /no service definition/,
      );
    } finally {
      plain.close();
    }
  });

  it("throws a TypeError for a streaming method", async () => {
    const c = await rawServer(adder);
    const streaming = { ...definition.Sum, responseStream: true };
    expect(() => createClient(c, streaming, encodeSum, decodeSum)).toThrow(/streaming method/);
  });

  it("throws a TypeError for arguments and options of the wrong type", async () => {
    const c = await rawServer(adder);
    const bad = (options: unknown) => () =>
      createClient(c, "Sum", encodeSum, decodeSum, options as ClientOptions);
    expect(bad({ before: () => {} })).toThrow(/before must be an array/);
    expect(bad({ after: [1] })).toThrow(/after must be an array of functions/);
    expect(bad({ finalizer: null })).toThrow(/finalizer must be an array/);
    expect(() => createClient({} as grpc.Client, "Sum", encodeSum, decodeSum)).toThrow(
      /must be a grpc-js Client/,
    );
    expect(() => createClient(c, "Sum", "enc" as never, decodeSum)).toThrow(/encode must be/);
  });
});

describe("createClient types", () => {
  const sumMethod: ClientMethod<SumRequest, SumReply> = definition.Sum;

  it("infers the endpoint's types from the codecs", () => {
    const plain = new grpc.Client("127.0.0.1:1", grpc.credentials.createInsecure());
    const sum: Endpoint<SumReq, SumRes> = createClient(plain, sumMethod, encodeSum, decodeSum);
    plain.close();
    expect(typeof sum).toBe("function");
  });

  it("rejects an encoder that does not produce the method's request message", () => {
    const plain = new grpc.Client("127.0.0.1:1", grpc.credentials.createInsecure());
    const encodeText = async (_ctx: Context, r: SumReq) => ({ text: String(r.a) });
    // @ts-expect-error encode yields { text }, the method takes SumRequest
    const wrong = () => createClient(plain, sumMethod, encodeText, decodeSum);
    plain.close();
    expect(wrong).toBeInstanceOf(Function);
  });

  it("rejects a decoder that does not take the method's reply message", () => {
    const plain = new grpc.Client("127.0.0.1:1", grpc.credentials.createInsecure());
    const decodeText = async (_ctx: Context, r: { text: string }) => ({ v: BigInt(r.text) });
    // @ts-expect-error decode takes { text }, the method replies SumReply
    const wrong = () => createClient(plain, sumMethod, encodeSum, decodeText);
    plain.close();
    expect(wrong).toBeInstanceOf(Function);
  });

  it("rejects using the endpoint with another request type", () => {
    const plain = new grpc.Client("127.0.0.1:1", grpc.credentials.createInsecure());
    const sum = createClient(plain, sumMethod, encodeSum, decodeSum);
    plain.close();
    // @ts-expect-error the endpoint takes SumReq
    const wrong = () => sum(background(), { a: "1", b: "2" });
    expect(wrong).toBeInstanceOf(Function);
  });
});
