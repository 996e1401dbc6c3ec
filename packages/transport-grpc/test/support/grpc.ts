/**
 * Fixtures for tests that need real grpc-js servers and clients: the test proto loaded with plain
 * grpc-js and proto-loader (no kit code, so "raw" peers really are raw), servers bound to a free
 * loopback port, and small promise helpers around callbacks and events.
 */
import { join } from "node:path";
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";

export const protoPath = join(__dirname, "add.proto");

/** SumRequest with int64 as decimal strings (proto-loader `longs: String`). */
export interface SumRequest {
  a: string;
  b: string;
}
export interface SumReply {
  v: string;
  err: string;
}
export interface ConcatRequest {
  a: string;
  b: string;
}
export interface ConcatReply {
  v: string;
  err: string;
}

/** pb.Add loaded without any kit code, as a non-kit peer would. */
export function loadRaw(): grpc.ServiceClientConstructor {
  const pd = protoLoader.loadSync(protoPath, {
    longs: String,
    enums: String,
    defaults: true,
    oneofs: true,
  });
  const pb = grpc.loadPackageDefinition(pd).pb as grpc.GrpcObject;
  return pb.Add as grpc.ServiceClientConstructor;
}

/** A started server on 127.0.0.1 and a free port. Stop it with `server.forceShutdown()`. */
export interface Started {
  readonly server: grpc.Server;
  readonly address: string;
}

/** Creates a server, lets `register` add services, binds it to 127.0.0.1:0. */
export function startServer(register: (server: grpc.Server) => void): Promise<Started> {
  const server = new grpc.Server();
  register(server);
  return new Promise((resolve, reject) => {
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, port) => {
      if (err) reject(err);
      else resolve({ server, address: `127.0.0.1:${port}` });
    });
  });
}

/** An address where nothing listens: a server's port, after that server shut down. */
export async function deadAddress(): Promise<string> {
  const { server, address } = await startServer(() => {});
  server.forceShutdown();
  return address;
}

/** A client of `Ctor` (a generated class) connected to `address` without TLS. */
export function connect<C extends grpc.Client>(
  Ctor: new (address: string, credentials: grpc.ChannelCredentials) => C,
  address: string,
): C {
  return new Ctor(address, grpc.credentials.createInsecure());
}

/** Calls a unary method of a raw client and settles with its error or reply, header and trailer. */
export function callRaw<Res>(
  client: grpc.Client,
  path: string,
  request: unknown,
  options: { metadata?: grpc.Metadata; deadline?: number; serialize?: (v: never) => Buffer } = {},
): {
  call: grpc.ClientUnaryCall;
  done: Promise<{
    error: grpc.ServiceError | null;
    reply: Res | undefined;
    header: grpc.Metadata | undefined;
    status: grpc.StatusObject;
  }>;
} {
  const method = findMethod(client, path);
  let error: grpc.ServiceError | null = null;
  let reply: Res | undefined;
  let header: grpc.Metadata | undefined;
  const call = client.makeUnaryRequest(
    path,
    (options.serialize as ((v: unknown) => Buffer) | undefined) ?? method.requestSerialize,
    method.responseDeserialize as (b: Buffer) => Res,
    request,
    options.metadata ?? new grpc.Metadata(),
    options.deadline === undefined ? {} : { deadline: options.deadline },
    (err, value) => {
      error = err;
      reply = value;
    },
  );
  call.on("metadata", (md) => {
    header = md;
  });
  const done = new Promise<{
    error: grpc.ServiceError | null;
    reply: Res | undefined;
    header: grpc.Metadata | undefined;
    status: grpc.StatusObject;
  }>((resolve) => {
    call.on("status", (status) => resolve({ error, reply, header, status }));
  });
  return { call, done };
}

function findMethod(client: grpc.Client, path: string): grpc.MethodDefinition<unknown, unknown> {
  const service = (client.constructor as Partial<grpc.ServiceClientConstructor>).service ?? {};
  const found = Object.values(service).find((m) => m.path === path);
  if (found) return found as grpc.MethodDefinition<unknown, unknown>;
  // A path the service does not have: send and receive raw bytes.
  return {
    path,
    requestStream: false,
    responseStream: false,
    requestSerialize: (v: unknown) => v as Buffer,
    requestDeserialize: (b: Buffer) => b,
    responseSerialize: (v: unknown) => v as Buffer,
    responseDeserialize: (b: Buffer) => b,
  };
}

/** A promise and the functions that settle it, for awaiting an event a handler sees. */
export function deferred<T = void>(): {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (err: unknown) => void;
} {
  let resolve!: (value: T) => void;
  let reject!: (err: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Resolves with the signal's reason when it aborts (at once if it already has). */
export function aborted(signal: AbortSignal): Promise<unknown> {
  if (signal.aborted) return Promise.resolve(signal.reason);
  return new Promise((resolve) =>
    signal.addEventListener("abort", () => resolve(signal.reason), { once: true }),
  );
}
