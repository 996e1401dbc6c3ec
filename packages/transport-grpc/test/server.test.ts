import type * as grpc from "@grpc/grpc-js";
import { Metadata, status } from "@grpc/grpc-js";
import type { Context, Endpoint } from "@kit/endpoint";
import {
  createKey,
  incomingMetadata,
  isKitError,
  KitError,
  withTimeout,
  withValue,
} from "@kit/endpoint";
import { addService } from "../src/add-service.js";
import { loadService } from "../src/load-service.js";
import type { ServerOptions, UnaryHandler } from "../src/server.js";
import { createServer } from "../src/server.js";
import type { CallSummary } from "../src/status.js";
import { errorDetailsTrailer } from "../src/status.js";
import type { SumReply, SumRequest } from "./support/grpc.js";
import {
  aborted,
  callRaw,
  connect,
  deferred,
  loadRaw,
  protoPath,
  startServer,
} from "./support/grpc.js";

type SumReq = { a: bigint; b: bigint };
type SumRes = { v: bigint };

const decodeSum = async (_ctx: Context, r: SumRequest): Promise<SumReq> => ({
  a: BigInt(r.a),
  b: BigInt(r.b),
});
const encodeSum = async (_ctx: Context, r: SumRes): Promise<SumReply> => ({
  v: r.v.toString(),
  err: "",
});
const sum: Endpoint<SumReq, SumRes> = async (_ctx, { a, b }) => ({ v: a + b });

const { definition } = loadService<"Sum" | "Concat">(protoPath, "pb.Add");
const RawClient = loadRaw();
const SUM = "/pb.Add/Sum";

let server: grpc.Server | undefined;
let client: grpc.Client | undefined;

afterEach(() => {
  client?.close();
  server?.forceShutdown();
  client = undefined;
  server = undefined;
});

/** Serves `handler` as pb.Add/Sum and connects a raw grpc-js client (no kit code) to it. */
async function serve(handler: UnaryHandler<SumRequest, SumReply>): Promise<grpc.Client> {
  const started = await startServer((s) => addService(s, definition, { Sum: handler }));
  server = started.server;
  client = connect(RawClient, started.address);
  return client;
}

/** Serves `endpoint` with the Sum codecs and `options`. */
function serveSum(endpoint: Endpoint<SumReq, SumRes>, options?: ServerOptions) {
  return serve(createServer(endpoint, decodeSum, encodeSum, options));
}

describe("createServer", () => {
  it("answers a raw grpc-js client", async () => {
    const raw = await serveSum(sum);
    const { error, reply } = await callRaw<SumReply>(raw, SUM, { a: "1", b: "2" }).done;
    expect(error).toBeNull();
    expect(reply).toEqual({ v: "3", err: "" });
  });

  it("keeps int64 beyond 2^53 exact in both directions", async () => {
    let seen: SumReq | undefined;
    const raw = await serveSum(async (ctx, req) => {
      seen = req;
      return sum(ctx, req);
    });
    const { reply } = await callRaw<SumReply>(raw, SUM, { a: "9007199254740993", b: "2" }).done;
    expect(seen?.a).toBe(9007199254740993n);
    expect(reply?.v).toBe("9007199254740995");
  });

  it("is a unary handler", () => {
    const handler = createServer(sum, decodeSum, encodeSum);
    expect(handler.kind).toBe("unary");
    expect(typeof handler).toBe("function");
  });

  it("puts the incoming metadata in the context, binary values as base64", async () => {
    let md: Record<string, string[]> | undefined;
    const raw = await serveSum(async (ctx, req) => {
      md = incomingMetadata(ctx).toJSON();
      return sum(ctx, req);
    });
    const metadata = new Metadata();
    metadata.set("x-tag", "a");
    metadata.add("trace-bin", Buffer.from([1, 2, 3]));
    metadata.add("trace-bin", Buffer.from([4]));
    await callRaw(raw, SUM, { a: "1", b: "1" }, { metadata }).done;
    expect(md?.["x-tag"]).toEqual(["a"]);
    expect(md?.["trace-bin"]).toEqual(["AQID", "BA=="]);
  });

  it("runs hooks and codecs in go-kit's order, then the finalizer once", async () => {
    const order: string[] = [];
    const finalized = deferred();
    const mark = (name: string) => (ctx: Context) => {
      order.push(name);
      return ctx;
    };
    const raw = await serve(
      createServer(
        async (ctx, req: SumReq) => {
          order.push("endpoint");
          return sum(ctx, req);
        },
        async (ctx, r: SumRequest) => {
          order.push("decode");
          return decodeSum(ctx, r);
        },
        async (ctx, r: SumRes) => {
          order.push("encode");
          return encodeSum(ctx, r);
        },
        {
          before: [mark("before1"), mark("before2")],
          after: [mark("after1"), mark("after2")],
          finalizer: [
            () => {
              order.push("finalizer");
              finalized.resolve();
            },
          ],
        },
      ),
    );
    await callRaw(raw, SUM, { a: "1", b: "2" }).done;
    await finalized.promise;
    expect(order).toEqual([
      "before1",
      "before2",
      "decode",
      "endpoint",
      "after1",
      "after2",
      "encode",
      "finalizer",
    ]);
  });

  it("hands the raw metadata to before hooks and their context to the endpoint", async () => {
    const tenantKey = createKey<string>("tenant");
    let tenant: string | undefined;
    const raw = await serveSum(
      async (ctx, req) => {
        tenant = ctx.value(tenantKey);
        return sum(ctx, req);
      },
      { before: [(ctx, md) => withValue(ctx, tenantKey, String(md.get("x-tenant")[0]))] },
    );
    const metadata = new Metadata();
    metadata.set("x-tenant", "acme");
    await callRaw(raw, SUM, { a: "1", b: "1" }, { metadata }).done;
    expect(tenant).toBe("acme");
  });

  it("sends the header and trailer that after hooks set", async () => {
    const raw = await serveSum(sum, {
      after: [
        (ctx, header, trailer) => {
          header.set("x-version", "7");
          trailer.set("x-cost", "3");
          return ctx;
        },
      ],
    });
    const { header, status: st } = await callRaw(raw, SUM, { a: "1", b: "1" }).done;
    expect(header?.get("x-version")).toEqual(["7"]);
    expect(st.metadata.get("x-cost")).toEqual(["3"]);
  });

  it("reports ok, the status and a duration to the finalizer", async () => {
    const summary = deferred<CallSummary>();
    const raw = await serveSum(sum, { finalizer: [(_ctx, s) => summary.resolve(s)] });
    await callRaw(raw, SUM, { a: "1", b: "1" }).done;
    const s = await summary.promise;
    expect(s.code).toBe("ok");
    expect(s.grpcStatus).toBe(0);
    expect(s.durationMs).toBeGreaterThanOrEqual(0);
    expect(s.error).toBeUndefined();
  });

  it.each([
    ["invalid_argument", status.INVALID_ARGUMENT],
    ["resource_exhausted", status.RESOURCE_EXHAUSTED],
    ["unavailable", status.UNAVAILABLE],
  ] as const)(
    "answers a KitError %s with gRPC status %i and its message",
    async (code, grpcStatus) => {
      const raw = await serveSum(async () => {
        throw new KitError(code, `failed: ${code}`);
      });
      const { error } = await callRaw(raw, SUM, { a: "1", b: "1" }).done;
      expect(error?.code).toBe(grpcStatus);
      expect(error?.details).toBe(`failed: ${code}`);
    },
  );

  it("sends a KitError's details as JSON in the trailer", async () => {
    const raw = await serveSum(async () => {
      throw new KitError("invalid_argument", "bad a", { details: { field: "a" } });
    });
    const { error } = await callRaw(raw, SUM, { a: "1", b: "1" }).done;
    expect(JSON.parse(String(error?.metadata.get(errorDetailsTrailer)[0]))).toEqual({ field: "a" });
  });

  it("answers INTERNAL with a generic message for a plain error, and shows the error to the handler and finalizer", async () => {
    const secret = new Error("db password=hunter2");
    const handled = deferred<unknown>();
    const summary = deferred<CallSummary>();
    const raw = await serveSum(
      async () => {
        throw secret;
      },
      {
        errorHandler: (_ctx, err) => handled.resolve(err),
        finalizer: [(_ctx, s) => summary.resolve(s)],
      },
    );
    const { error } = await callRaw(raw, SUM, { a: "1", b: "1" }).done;
    expect(error?.code).toBe(status.INTERNAL);
    expect(error?.details).toBe("internal error");
    expect(error?.message).not.toContain("hunter2");
    expect(await handled.promise).toBe(secret);
    const s = await summary.promise;
    expect([s.code, s.grpcStatus, s.error]).toEqual(["internal", 13, secret]);
  });

  it("passes through an error carrying a gRPC status, such as one from an upstream call", async () => {
    const raw = await serveSum(async () => {
      throw Object.assign(new Error("5 NOT_FOUND: no such thing"), {
        code: status.NOT_FOUND,
        details: "no such thing",
      });
    });
    const { error } = await callRaw(raw, SUM, { a: "1", b: "1" }).done;
    expect(error?.code).toBe(status.NOT_FOUND);
    expect(error?.details).toBe("no such thing");
  });

  it("answers a decoder's KitError and skips the endpoint", async () => {
    let called = false;
    const raw = await serve(
      createServer(
        async () => {
          called = true;
          return { v: 0n };
        },
        async (): Promise<SumReq> => {
          throw new KitError("invalid_argument", "a is required");
        },
        encodeSum,
      ),
    );
    const { error } = await callRaw(raw, SUM, { a: "1", b: "1" }).done;
    expect(error?.code).toBe(status.INVALID_ARGUMENT);
    expect(called).toBe(false);
  });

  it("answers a throwing before hook as an internal error, still running the finalizer", async () => {
    const summary = deferred<CallSummary>();
    const raw = await serveSum(sum, {
      before: [
        () => {
          throw new Error("hook bug");
        },
      ],
      finalizer: [(_ctx, s) => summary.resolve(s)],
    });
    const { error } = await callRaw(raw, SUM, { a: "1", b: "1" }).done;
    expect(error?.code).toBe(status.INTERNAL);
    expect((await summary.promise).code).toBe("internal");
  });

  it("answers even when the error handler and finalizer throw", async () => {
    const raw = await serveSum(
      async () => {
        throw new KitError("not_found", "none");
      },
      {
        errorHandler: () => {
          throw new Error("observer bug");
        },
        finalizer: [
          () => {
            throw new Error("finalizer bug");
          },
        ],
      },
    );
    const { error } = await callRaw(raw, SUM, { a: "1", b: "1" }).done;
    expect(error?.code).toBe(status.NOT_FOUND);
    const second = await callRaw(raw, SUM, { a: "1", b: "1" }).done;
    expect(second.error?.code).toBe(status.NOT_FOUND);
  });

  it("sets the context's deadline from the gRPC deadline", async () => {
    let deadline: number | undefined;
    const raw = await serveSum(async (ctx, req) => {
      deadline = ctx.deadline;
      return sum(ctx, req);
    });
    const sent = Date.now() + 30_000;
    await callRaw(raw, SUM, { a: "1", b: "1" }, { deadline: sent }).done;
    expect(deadline).toBeDefined();
    // grpc-timeout travels as a relative duration, so allow for the trip.
    expect(Math.abs((deadline as number) - sent)).toBeLessThan(1_000);
  });

  it("gives the context no deadline when the client sent none", async () => {
    let ctx: Context | undefined;
    const raw = await serveSum(async (c, req) => {
      ctx = c;
      return sum(c, req);
    });
    await callRaw(raw, SUM, { a: "1", b: "1" }).done;
    expect(ctx?.deadline).toBeUndefined();
  });

  it("answers DEADLINE_EXCEEDED and aborts the endpoint's context when the client's deadline passes", async () => {
    const reason = deferred<unknown>();
    const raw = await serveSum(async (ctx) => {
      reason.resolve(await aborted(ctx.signal));
      throw ctx.signal.reason;
    });
    const { error } = await callRaw(raw, SUM, { a: "1", b: "1" }, { deadline: Date.now() + 50 })
      .done;
    expect(error?.code).toBe(status.DEADLINE_EXCEEDED);
    const r = await reason.promise;
    // The client's cancellation at its (earlier) deadline usually arrives before the server's own
    // deadline timer fires: it still counts as the deadline passing.
    expect(isKitError(r) && r.code).toBe("deadline_exceeded");
  });

  it("still reports canceled when the client cancels a call whose deadline is far off", async () => {
    const started = deferred();
    const reason = deferred<unknown>();
    const raw = await serveSum(async (ctx) => {
      started.resolve();
      reason.resolve(await aborted(ctx.signal));
      throw ctx.signal.reason;
    });
    const { call, done } = callRaw(raw, SUM, { a: "1", b: "1" }, { deadline: Date.now() + 60_000 });
    await started.promise;
    call.cancel();
    expect((await done).status.code).toBe(status.CANCELLED);
    const r = await reason.promise;
    expect(isKitError(r) && r.code).toBe("canceled");
  });

  it("aborts the endpoint's context with canceled when the client cancels, and reports canceled", async () => {
    const started = deferred();
    const reason = deferred<unknown>();
    const summary = deferred<CallSummary>();
    const raw = await serveSum(
      async (ctx) => {
        started.resolve();
        reason.resolve(await aborted(ctx.signal));
        throw ctx.signal.reason;
      },
      { finalizer: [(_ctx, s) => summary.resolve(s)] },
    );
    const { call, done } = callRaw(raw, SUM, { a: "1", b: "1" });
    await started.promise;
    call.cancel();
    expect((await done).status.code).toBe(status.CANCELLED);
    const r = await reason.promise;
    expect(isKitError(r) && r.code).toBe("canceled");
    expect((await summary.promise).code).toBe("canceled");
  });

  it("answers the context's error when the endpoint fails with a foreign abort error after the context ended", async () => {
    const raw = await serveSum(
      async (ctx) => {
        await aborted(ctx.signal);
        throw new DOMException("This operation was aborted", "AbortError");
      },
      // A context that has already expired, as if a server-side timeout had passed.
      { before: [(ctx) => withTimeout(ctx, 0)[0]] },
    );
    const { error } = await callRaw(raw, SUM, { a: "1", b: "1" }).done;
    expect(error?.code).toBe(status.DEADLINE_EXCEEDED);
    expect(error?.details).toBe("context deadline exceeded");
  });

  it("cancels the context once the call has been answered", async () => {
    let ctx: Context | undefined;
    const finalized = deferred();
    const raw = await serveSum(
      async (c, req) => {
        ctx = c;
        return sum(c, req);
      },
      { finalizer: [() => finalized.resolve()] },
    );
    await callRaw(raw, SUM, { a: "1", b: "1" }).done;
    await finalized.promise;
    expect(ctx?.signal.aborted).toBe(true);
  });

  it("throws a TypeError at construction for options of the wrong type", () => {
    const bad = (options: unknown) => () =>
      createServer(sum, decodeSum, encodeSum, options as ServerOptions);
    expect(bad({ before: (ctx: Context) => ctx })).toThrow(/before must be an array/);
    expect(bad({ after: [42] })).toThrow(/after must be an array of functions/);
    expect(bad({ errorHandler: "log" })).toThrow(/errorHandler must be a function/);
    expect(bad({ finalizer: {} })).toThrow(/finalizer must be an array/);
    expect(() => createServer(sum, "decode" as never, encodeSum)).toThrow(TypeError);
  });
});

describe("createServer types", () => {
  it("infers the gRPC message types from the codecs", () => {
    const handler: UnaryHandler<SumRequest, SumReply> = createServer(sum, decodeSum, encodeSum);
    const asGrpc: grpc.handleUnaryCall<SumRequest, SumReply> = handler;
    expect(asGrpc).toBe(handler);
  });

  it("rejects a decoder whose output the endpoint does not take", () => {
    const decodeText = async (_ctx: Context, r: SumRequest) => `${r.a}+${r.b}`;
    // @ts-expect-error decode yields a string, the endpoint takes SumReq
    const wrong = () => createServer(sum, decodeText, encodeSum);
    expect(wrong).toBeInstanceOf(Function);
  });

  it("rejects an encoder that does not take the endpoint's response", () => {
    const encodeText = async (_ctx: Context, r: { text: string }): Promise<SumReply> => ({
      v: r.text,
      err: "",
    });
    // @ts-expect-error encode takes { text }, the endpoint returns SumRes
    const wrong = () => createServer(sum, decodeSum, encodeText);
    expect(wrong).toBeInstanceOf(Function);
  });

  it("rejects a handler whose gRPC messages differ from the method's", () => {
    const handler = createServer(sum, decodeSum, encodeSum);
    // @ts-expect-error SumRequest is not a ConcatRequest-shaped handler's input
    const wrong: grpc.handleUnaryCall<{ text: string }, SumReply> = handler;
    expect(wrong).toBe(handler);
  });
});
