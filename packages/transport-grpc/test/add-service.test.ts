import * as grpc from "@grpc/grpc-js";
import { status } from "@grpc/grpc-js";
import type { Context } from "@kit/endpoint";
import { addService } from "../src/add-service.js";
import { loadService } from "../src/load-service.js";
import { createServer } from "../src/server.js";
import type { CallSummary } from "../src/status.js";
import type { ConcatReply, ConcatRequest, SumReply, SumRequest } from "./support/grpc.js";
import { callRaw, connect, deferred, loadRaw, protoPath, startServer } from "./support/grpc.js";

const { definition } = loadService<"Sum" | "Concat">(protoPath, "pb.Add");
const RawClient = loadRaw();

/** A ts-proto / grpc-tools style definition: typed messages, literal stream flags, camelCase keys. */
interface TypedMethod<Req, Res> {
  readonly path: string;
  readonly requestStream: false;
  readonly responseStream: false;
  readonly requestSerialize: (value: Req) => Buffer;
  readonly requestDeserialize: (bytes: Buffer) => Req;
  readonly responseSerialize: (value: Res) => Buffer;
  readonly responseDeserialize: (bytes: Buffer) => Res;
  readonly originalName?: string;
}
const AddService: {
  readonly sum: TypedMethod<SumRequest, SumReply>;
  readonly concat: TypedMethod<ConcatRequest, ConcatReply>;
} = {
  sum: { ...definition.Sum, requestStream: false, responseStream: false, originalName: "Sum" },
  concat: { ...definition.Concat, requestStream: false, responseStream: false },
};

const sumHandler = createServer(
  async (_ctx: Context, r: { a: bigint; b: bigint }) => ({ v: r.a + r.b }),
  async (_ctx, r: SumRequest) => ({ a: BigInt(r.a), b: BigInt(r.b) }),
  async (_ctx, r: { v: bigint }): Promise<SumReply> => ({ v: r.v.toString(), err: "" }),
);
const concatHandler = createServer(
  async (_ctx: Context, r: ConcatRequest) => r.a + r.b,
  async (_ctx, r: ConcatRequest) => r,
  async (_ctx, v: string): Promise<ConcatReply> => ({ v, err: "" }),
);

let server: grpc.Server | undefined;
let client: grpc.Client | undefined;

afterEach(() => {
  client?.close();
  server?.forceShutdown();
  client = undefined;
  server = undefined;
});

async function start(register: (s: grpc.Server) => void): Promise<grpc.Client> {
  const started = await startServer(register);
  server = started.server;
  client = connect(RawClient, started.address);
  return client;
}

/** Bytes that are not a SumRequest (protobufjs: "invalid wire type 7"). */
const garbage = Buffer.alloc(11, 0xff);
const sendBytes = (raw: grpc.Client, bytes: Buffer) =>
  callRaw(raw, "/pb.Add/Sum", bytes, { serialize: (b: never) => b }).done;

describe("addService", () => {
  it("serves each method with its handler", async () => {
    const raw = await start((s) =>
      addService(s, definition, { Sum: sumHandler, Concat: concatHandler }),
    );
    const sum = await callRaw<SumReply>(raw, "/pb.Add/Sum", { a: "2", b: "3" }).done;
    const concat = await callRaw<ConcatReply>(raw, "/pb.Add/Concat", { a: "x", b: "y" }).done;
    expect(sum.reply?.v).toBe("5");
    expect(concat.reply?.v).toBe("xy");
  });

  it("answers UNIMPLEMENTED for a method without a handler", async () => {
    const raw = await start((s) => addService(s, definition, { Sum: sumHandler }));
    const { error } = await callRaw(raw, "/pb.Add/Concat", { a: "x", b: "y" }).done;
    expect(error?.code).toBe(status.UNIMPLEMENTED);
    expect(error?.details).toBe("method /pb.Add/Concat is not implemented");
  });

  it("answers UNIMPLEMENTED for a method the server does not know", async () => {
    const raw = await start((s) => addService(s, definition, { Sum: sumHandler }));
    const { error } = await callRaw(raw, "/pb.Add/Multiply", Buffer.alloc(0)).done;
    expect(error?.code).toBe(status.UNIMPLEMENTED);
  });

  it("answers UNIMPLEMENTED for a streaming method without a handler", async () => {
    const withStream = {
      ...definition,
      Watch: { ...definition.Sum, path: "/pb.Add/Watch", responseStream: true },
    };
    const raw = await start((s) => addService(s, withStream, { Sum: sumHandler }));
    const stream = raw.makeServerStreamRequest(
      "/pb.Add/Watch",
      definition.Sum.requestSerialize,
      definition.Sum.responseDeserialize,
      { a: "1", b: "2" },
    );
    const code = await new Promise<number>((resolve) => {
      stream.on("error", (err: grpc.ServiceError) => resolve(err.code));
      stream.on("data", () => {});
    });
    expect(code).toBe(status.UNIMPLEMENTED);
  });

  it("answers INVALID_ARGUMENT to bytes that are not a valid message, then serves the next call", async () => {
    const summary = deferred<CallSummary>();
    const handled = deferred<unknown>();
    const observed = createServer(
      async (_ctx: Context, r: SumRequest) => r,
      async (_ctx, r: SumRequest) => r,
      async (_ctx, r: SumRequest): Promise<SumReply> => ({ v: r.a, err: "" }),
      {
        errorHandler: (_ctx, err) => handled.resolve(err),
        finalizer: [(_ctx, s) => summary.resolve(s)],
      },
    );
    const raw = await start((s) => addService(s, definition, { Sum: observed }));
    const { error } = await sendBytes(raw, garbage);
    expect(error?.code).toBe(status.INVALID_ARGUMENT);
    expect(error?.details).toBe("malformed request");
    expect((await summary.promise).code).toBe("invalid_argument");
    expect(await handled.promise).toMatchObject({ code: "invalid_argument" });

    const next = await callRaw<SumReply>(raw, "/pb.Add/Sum", { a: "4", b: "0" }).done;
    expect(next.error).toBeNull();
    expect(next.reply?.v).toBe("4");
  });

  it("answers INVALID_ARGUMENT to malformed bytes for a plain grpc-js handler, without calling it", async () => {
    let calls = 0;
    const plain: grpc.handleUnaryCall<SumRequest, SumReply> = (call, callback) => {
      calls++;
      callback(null, { v: call.request.a, err: "" });
    };
    const raw = await start((s) => addService(s, definition, { Sum: plain }));
    const { error } = await sendBytes(raw, garbage);
    expect(error?.code).toBe(status.INVALID_ARGUMENT);
    expect(calls).toBe(0);
    const next = await callRaw<SumReply>(raw, "/pb.Add/Sum", { a: "9", b: "0" }).done;
    expect(next.reply?.v).toBe("9");
    expect(calls).toBe(1);
  });

  it("leaves grpc-js's INTERNAL for malformed bytes when registered with plain server.addService", async () => {
    const raw = await start((s) => s.addService(definition, { Sum: sumHandler }));
    const { error } = await sendBytes(raw, garbage);
    expect(error?.code).toBe(status.INTERNAL);
  });

  it("works with a generated definition keyed by camelCase names", async () => {
    const raw = await start((s) =>
      addService(s, AddService, { sum: sumHandler, concat: concatHandler }),
    );
    const { reply } = await callRaw<SumReply>(raw, "/pb.Add/Sum", { a: "1", b: "1" }).done;
    expect(reply?.v).toBe("2");
  });

  it("accepts a handler under the method's original proto name", async () => {
    const raw = await start((s) =>
      addService(s, AddService, { Sum: sumHandler } as Record<string, unknown> as never),
    );
    const { reply } = await callRaw<SumReply>(raw, "/pb.Add/Sum", { a: "1", b: "2" }).done;
    expect(reply?.v).toBe("3");
  });

  it("does not change the definition it is given", () => {
    const before = definition.Sum.requestDeserialize;
    addService(new grpc.Server(), definition, { Sum: sumHandler });
    expect(definition.Sum.requestDeserialize).toBe(before);
  });

  it("throws a TypeError for a handler name the service lacks, listing its methods", () => {
    const untyped: grpc.ServiceDefinition = definition;
    expect(() => addService(new grpc.Server(), untyped, { Sub: sumHandler })).toThrow(
      /"Sub" is not a method of the service \(methods: Sum, Concat\)/,
    );
  });

  it("throws a TypeError for a handler that is not a function", () => {
    expect(() =>
      addService(new grpc.Server(), definition, { Sum: "sum" as unknown as typeof sumHandler }),
    ).toThrow(/handler for "Sum" must be a function/);
  });

  it("throws a TypeError for a unary handler given to a streaming method", () => {
    const streaming = {
      Watch: { ...definition.Sum, path: "/pb.Add/Watch", responseStream: true },
    };
    expect(() => addService(new grpc.Server(), streaming, { Watch: sumHandler })).toThrow(
      /serves unary calls, the method is server_stream/,
    );
  });

  it("throws a TypeError for a service or handlers that are not objects", () => {
    expect(() =>
      addService(new grpc.Server(), null as unknown as grpc.ServiceDefinition, {}),
    ).toThrow(TypeError);
    expect(() => addService(new grpc.Server(), definition, null as never)).toThrow(TypeError);
  });
});

describe("addService types", () => {
  it("rejects a handler name the service's type does not list", () => {
    const s = new grpc.Server();
    // @ts-expect-error "Sub" is not a method of pb.Add
    const wrong = () => addService(s, definition, { Sub: sumHandler });
    // @ts-expect-error generated definitions use camelCase keys
    const wrongCase = () => addService(s, AddService, { Sum: sumHandler });
    expect([wrong, wrongCase]).toHaveLength(2);
  });

  it("rejects a handler whose messages differ from a generated method's", () => {
    const s = new grpc.Server();
    const echo = createServer(
      async (_ctx: Context, text: string) => text,
      async (_ctx, r: { text: string }) => r.text,
      async (_ctx, text: string) => ({ text }),
    );
    // @ts-expect-error the echo handler does not serve pb.Add/Sum's messages
    const wrong = () => addService(s, AddService, { sum: echo });
    expect(wrong).toBeInstanceOf(Function);
  });
});
