import type {
  CallOptions,
  Client,
  ClientUnaryCall,
  ServiceError,
  StatusObject,
} from "@grpc/grpc-js";
import { Metadata as GrpcMetadata } from "@grpc/grpc-js";
import type { Context, Endpoint } from "@kit/endpoint";
import {
  codeTable,
  contextError,
  isKitError,
  KitError,
  outgoingMetadata,
  whenDone,
} from "@kit/endpoint";
import { toGrpcMetadata } from "./metadata.js";
import type { CallSummary } from "./status.js";
import { errorFromStatus, summarize } from "./status.js";
import { requireFunction, requireFunctions } from "./validate.js";

/**
 * Turns the endpoint's request into the gRPC request message (go-kit's `EncodeRequestFunc`).
 *
 * @example
 * const encodeSum: EncodeRequestFunc<SumReq, pb.SumRequest> = async (_ctx, r) =>
 *   ({ a: r.a.toString(), b: r.b.toString() });
 */
export type EncodeRequestFunc<Req, GrpcReq> = (ctx: Context, request: Req) => Promise<GrpcReq>;

/**
 * Turns the gRPC reply message into the endpoint's response (go-kit's `DecodeResponseFunc`).
 *
 * @example
 * const decodeSum: DecodeResponseFunc<pb.SumReply, SumRes> = async (_ctx, r) => ({ v: BigInt(r.v) });
 */
export type DecodeResponseFunc<GrpcRes, Res> = (ctx: Context, reply: GrpcRes) => Promise<Res>;

/**
 * Runs after encoding, before the call starts, with the outgoing gRPC metadata (already holding
 * the context's outgoing kit metadata); may add to it; returns the context the call continues
 * with (go-kit's `ClientRequestFunc`).
 *
 * @example
 * const auth: ClientBeforeFunc = (ctx, md) => { md.set("authorization", `Bearer ${token}`); return ctx; };
 */
export type ClientBeforeFunc = (ctx: Context, metadata: GrpcMetadata) => Context;

/**
 * Runs after a successful call, before decoding, with the response header and trailer metadata;
 * returns the context decoding continues with (go-kit's `ClientResponseFunc`). Not run when the
 * call fails.
 *
 * @example
 * const version: ClientAfterFunc = (ctx, header) => withValue(ctx, versionKey, String(header.get("x-version")[0]));
 */
export type ClientAfterFunc = (
  ctx: Context,
  header: GrpcMetadata,
  trailer: GrpcMetadata,
) => Context;

/**
 * Runs once at the end of every call, successful or not, with its {@link CallSummary} (go-kit's
 * `ClientFinalizerFunc`). What it throws is ignored.
 *
 * @example
 * const finalizer: ClientFinalizerFunc = (_ctx, { code }) => calls.with({ code }).add(1);
 */
export type ClientFinalizerFunc = (ctx: Context, summary: CallSummary) => void;

/** Options for {@link createClient}. Every hook list runs in order; all default to none. */
export interface ClientOptions {
  /** Run before the call, each with the outgoing gRPC metadata. Default: none. */
  readonly before?: readonly ClientBeforeFunc[];
  /** Run after a successful call, before decoding. Default: none. */
  readonly after?: readonly ClientAfterFunc[];
  /** Run once at the end of every call. Default: none. */
  readonly finalizer?: readonly ClientFinalizerFunc[];
}

/**
 * A unary method a client can call without a generated client class: its path and serializers,
 * as in a grpc-js `MethodDefinition` (generated code and {@link loadService}'s `definition`
 * have them).
 */
export interface ClientMethod<GrpcReq, GrpcRes> {
  /** The full method path, `/package.Service/Method`. */
  readonly path: string;
  /** Must be false (or absent): only unary methods are supported. */
  readonly requestStream?: boolean;
  /** Must be false (or absent): only unary methods are supported. */
  readonly responseStream?: boolean;
  /** Turns the request message into bytes. */
  readonly requestSerialize: (value: GrpcReq) => Buffer;
  /** Turns the reply bytes into the reply message. */
  readonly responseDeserialize: (bytes: Buffer) => GrpcRes;
}

/**
 * Calls one unary gRPC method as an {@link Endpoint} (go-kit's `grpc.NewClient`): encodes the
 * request, copies the context's outgoing metadata (binary `-bin` values from base64) and runs the
 * `before` hooks, makes the call, runs the `after` hooks with the response header and trailer,
 * decodes the reply; then runs the finalizers.
 *
 * `method` is a method of `client`'s generated class (by name, proto `originalName`, or path, as
 * in `createClient(client, "Sum", ...)`), or a {@link ClientMethod} (any `grpc.Client` then).
 *
 * Deadline and cancellation: `ctx.deadline` is sent as the call's deadline; when the context
 * ends the call is cancelled (the server sees `CANCELLED`) and the endpoint rejects with the
 * context's error (`canceled` or `deadline_exceeded`); an already-ended context rejects at once,
 * without a call. The call waits on the context with `whenDone`, so any number of calls may run
 * on one context.
 *
 * Errors: a non-OK status rejects with a {@link KitError} whose code is
 * `codeFromGrpcStatus(status)` and whose message is the status details (with the server's
 * `kit-error-details-bin` trailer as `details`, and the grpc-js error as `cause`); nothing
 * listening gives `unavailable`. What the encoder, decoder or hooks throw is rethrown as is.
 *
 * @throws TypeError at construction when `method` is not a unary method of the client, or an
 *   argument or option has the wrong type.
 * @example
 * const client = new Client("127.0.0.1:8081", grpc.credentials.createInsecure());
 * const sum: Endpoint<SumReq, SumRes> = createClient(client, "Sum",
 *   async (_ctx, r: SumReq) => ({ a: String(r.a), b: String(r.b) }),
 *   async (_ctx, r: { v: string }) => ({ v: BigInt(r.v) }));
 */
export function createClient<Req, Res, GrpcReq, GrpcRes>(
  client: Client,
  method: string | ClientMethod<GrpcReq, GrpcRes>,
  encode: EncodeRequestFunc<Req, GrpcReq>,
  decode: DecodeResponseFunc<GrpcRes, Res>,
  options: ClientOptions = {},
): Endpoint<Req, Res> {
  const { before = [], after = [], finalizer = [] } = options;
  if (
    typeof client !== "object" ||
    client === null ||
    typeof client.makeUnaryRequest !== "function"
  )
    throw new TypeError("createClient: client must be a grpc-js Client");
  const { path, requestSerialize, responseDeserialize } = resolveMethod<GrpcReq, GrpcRes>(
    client,
    method,
  );
  requireFunction("createClient", "encode", encode);
  requireFunction("createClient", "decode", decode);
  requireFunctions("createClient", "before", before);
  requireFunctions("createClient", "after", after);
  requireFunctions("createClient", "finalizer", finalizer);
  const beforeHooks = [...before];
  const afterHooks = [...after];
  const finalizers = [...finalizer];

  /** Makes the call; settles when its status arrives (the trailer comes with it). */
  function invoke(
    ctx: Context,
    request: GrpcReq,
    metadata: GrpcMetadata,
  ): Promise<{ reply: GrpcRes; header: GrpcMetadata; trailer: GrpcMetadata }> {
    return new Promise((resolve, reject) => {
      const callOptions: CallOptions = ctx.deadline === undefined ? {} : { deadline: ctx.deadline };
      let error: ServiceError | null = null;
      let reply: GrpcRes | undefined;
      let header: GrpcMetadata | undefined;
      let call: ClientUnaryCall;
      try {
        call = client.makeUnaryRequest(
          path,
          requestSerialize,
          responseDeserialize,
          request,
          metadata,
          callOptions,
          (err, value) => {
            error = err;
            reply = value;
          },
        );
      } catch (err) {
        // grpc-js throws at once when the client was closed.
        reject(new KitError("unavailable", "the gRPC call could not start", { cause: err }));
        return;
      }
      const forget = whenDone(ctx, () => call.cancel());
      const onMetadata = (md: GrpcMetadata) => {
        header = md;
      };
      const onStatus = (status: StatusObject) => {
        forget();
        call.removeListener("metadata", onMetadata);
        call.removeListener("status", onStatus);
        if (error === null && status.code === 0) {
          resolve({
            reply: reply as GrpcRes,
            header: header ?? new GrpcMetadata(),
            trailer: status.metadata,
          });
          return;
        }
        const ended = contextError(ctx);
        reject(ended ?? errorFromStatus(error ?? status, error ?? undefined));
      };
      call.on("metadata", onMetadata);
      call.on("status", onStatus);
    });
  }

  return async (ctx, request) => {
    const startedAt = performance.now();
    let failed = false;
    let error: unknown;
    try {
      const ended = contextError(ctx);
      if (ended) throw ended;
      const grpcRequest = await encode(ctx, request);
      const metadata = toGrpcMetadata(outgoingMetadata(ctx));
      for (const f of beforeHooks) ctx = f(ctx, metadata);
      const notStarted = contextError(ctx);
      if (notStarted) throw notStarted;
      const { reply, header, trailer } = await invoke(ctx, grpcRequest, metadata);
      for (const f of afterHooks) ctx = f(ctx, header, trailer);
      return await decode(ctx, reply);
    } catch (err) {
      failed = true;
      error = err;
      throw err;
    } finally {
      if (finalizers.length > 0) {
        const summary = summarize(failed ? statusOf(error) : 0, error, startedAt);
        for (const f of finalizers) {
          try {
            f(ctx, summary);
          } catch {
            // A finalizer cannot change the result.
          }
        }
      }
    }
  };
}

/** The gRPC status number an error stands for: its KitError code's, else `UNKNOWN`. */
function statusOf(err: unknown): number {
  return isKitError(err) ? codeTable[err.code].grpcStatus : codeTable.unknown.grpcStatus;
}

/** Finds the method's path and serializers, from the client's generated class or as given. */
function resolveMethod<GrpcReq, GrpcRes>(
  client: Client,
  method: string | ClientMethod<GrpcReq, GrpcRes>,
): ClientMethod<GrpcReq, GrpcRes> {
  let found: ClientMethod<GrpcReq, GrpcRes> | undefined;
  if (typeof method === "string") {
    const service = (
      client.constructor as {
        service?: Record<string, ClientMethod<GrpcReq, GrpcRes> & { originalName?: string }>;
      }
    ).service;
    if (service === undefined || typeof service !== "object")
      throw new TypeError(
        `createClient: the client's class has no service definition; pass a method definition instead of "${method}"`,
      );
    found =
      service[method] ??
      Object.values(service).find((m) => m.originalName === method || m.path === method);
    if (found === undefined)
      throw new TypeError(
        `createClient: "${method}" is not a method of the client (methods: ${Object.keys(service).join(", ")})`,
      );
  } else {
    found = method;
  }
  if (
    typeof found !== "object" ||
    found === null ||
    typeof found.path !== "string" ||
    typeof found.requestSerialize !== "function" ||
    typeof found.responseDeserialize !== "function"
  )
    throw new TypeError("createClient: method must be a method name or a method definition");
  if (found.requestStream === true || found.responseStream === true)
    throw new TypeError(
      `createClient: ${found.path} is a streaming method; only unary methods are supported`,
    );
  return found;
}
