import type { ServerUnaryCall, sendUnaryData } from "@grpc/grpc-js";
import { Metadata as GrpcMetadata } from "@grpc/grpc-js";
import type { CancelFunc, Context, Endpoint } from "@kit/endpoint";
import {
  background,
  codeTable,
  contextError,
  isKitError,
  KitError,
  withCancel,
  withDeadline,
  withIncomingMetadata,
} from "@kit/endpoint";
import { isMalformedRequest, malformedMessage } from "./malformed.js";
import { fromGrpcMetadata } from "./metadata.js";
import type { CallSummary } from "./status.js";
import { grpcStatusOf, summarize, toGrpcStatus } from "./status.js";
import { requireFunction, requireFunctions } from "./validate.js";

/**
 * Turns the gRPC request message into the endpoint's request (go-kit's `DecodeRequestFunc`).
 * Throw a {@link KitError} `invalid_argument` for bad input.
 *
 * @example
 * const decodeSum: DecodeRequestFunc<pb.SumRequest, SumReq> = async (_ctx, r) =>
 *   ({ a: BigInt(r.a), b: BigInt(r.b) });
 */
export type DecodeRequestFunc<GrpcReq, Req> = (ctx: Context, grpcRequest: GrpcReq) => Promise<Req>;

/**
 * Turns the endpoint's response into the gRPC reply message (go-kit's `EncodeResponseFunc`).
 *
 * @example
 * const encodeSum: EncodeResponseFunc<SumRes, pb.SumReply> = async (_ctx, r) =>
 *   ({ v: r.v.toString(), err: r.err ?? "" });
 */
export type EncodeResponseFunc<Res, GrpcRes> = (ctx: Context, response: Res) => Promise<GrpcRes>;

/**
 * Runs before decoding, with the request's raw gRPC metadata; returns the context the call
 * continues with (go-kit's `ServerRequestFunc`). The metadata is already in the context as kit
 * `Metadata` (`incomingMetadata(ctx)`); use this hook for what needs more, such as auth.
 *
 * @example
 * const auth: ServerBeforeFunc = (ctx, md) => withValue(ctx, tokenKey, String(md.get("authorization")[0] ?? ""));
 */
export type ServerBeforeFunc = (ctx: Context, metadata: GrpcMetadata) => Context;

/**
 * Runs after the endpoint succeeded, before encoding; may add response `header` and `trailer`
 * metadata, and returns the context encoding continues with (go-kit's `ServerResponseFunc`).
 * Not run when the call fails.
 *
 * @example
 * const version: ServerAfterFunc = (ctx, header) => { header.set("x-version", "1"); return ctx; };
 */
export type ServerAfterFunc = (
  ctx: Context,
  header: GrpcMetadata,
  trailer: GrpcMetadata,
) => Context;

/**
 * Observes every error a call fails with (decoder, endpoint, encoder or hook), before the status
 * is sent: for logging and metrics. It cannot change the answer; what it throws is ignored.
 *
 * @example
 * const errorHandler: ServerErrorHandler = (_ctx, err) => logger.log({ level: "error", err });
 */
export type ServerErrorHandler = (ctx: Context, err: unknown) => void;

/**
 * Runs once at the end of every call, after the answer was handed to grpc-js, with its
 * {@link CallSummary} (go-kit's `ServerFinalizerFunc`). What it throws is ignored.
 *
 * @example
 * const finalizer: ServerFinalizerFunc = (_ctx, { code, durationMs }) => histogram.observe({ code }, durationMs);
 */
export type ServerFinalizerFunc = (ctx: Context, summary: CallSummary) => void;

/** Options for {@link createServer}. Every hook list runs in order; all default to none. */
export interface ServerOptions {
  /** Run before decoding, each with the raw gRPC metadata. Default: none. */
  readonly before?: readonly ServerBeforeFunc[];
  /** Run after the endpoint succeeded, before encoding, to set header and trailer. Default: none. */
  readonly after?: readonly ServerAfterFunc[];
  /** Observes errors before the status is sent. Default: none. */
  readonly errorHandler?: ServerErrorHandler;
  /** Run once at the end of every call. Default: none. */
  readonly finalizer?: readonly ServerFinalizerFunc[];
}

/**
 * A grpc-js unary method handler made by {@link createServer}: pass it wherever grpc-js takes a
 * `handleUnaryCall` (`server.addService`, or {@link addService} from this package).
 *
 * `kind` tells the call shape apart; streaming handlers will come as other kinds
 * (`"server_stream"`, `"client_stream"`, `"bidi"`) from their own factories, without changing
 * this type.
 */
export interface UnaryHandler<GrpcReq, GrpcRes> {
  (call: ServerUnaryCall<GrpcReq, GrpcRes>, callback: sendUnaryData<GrpcRes>): void;
  /** The call shape: always `"unary"`. */
  readonly kind: "unary";
}

const noop = () => {};

/**
 * Serves one unary gRPC method with an endpoint (go-kit's `grpc.NewServer`): for each call it
 * builds a context, runs the `before` hooks, decodes the request, calls the endpoint, runs the
 * `after` hooks, encodes the reply and answers; then runs the finalizers.
 *
 * The context: a deadline sent by the client becomes `ctx.deadline` (the context aborts with
 * `deadline_exceeded` when it passes); the client cancelling the call aborts it with `canceled`;
 * the incoming metadata is in `incomingMetadata(ctx)` (binary `-bin` values as base64); and the
 * context is always cancelled when the call ends, so work still hanging on `ctx.signal` stops.
 *
 * Errors become gRPC statuses: a {@link KitError} answers `codeTable[code].grpcStatus` with its
 * message (and its details as JSON in the `kit-error-details-bin` trailer); an error carrying a
 * gRPC status code of its own (a grpc-js `ServiceError`) passes through; an error thrown after
 * the context ended answers the context's error (`canceled` or `deadline_exceeded`); anything
 * else answers `INTERNAL`, "internal error", never its own message. A request whose bytes do not
 * deserialize answers `INVALID_ARGUMENT`, "malformed request", when registered through
 * {@link addService} (plain `server.addService` leaves grpc-js's `INTERNAL`).
 *
 * @throws TypeError at construction when an argument or option has the wrong type.
 * @example
 * const server = new grpc.Server();
 * addService(server, definition, {
 *   Sum: createServer(sum, async (_ctx, r: SumRequest) => r, async (_ctx, r: SumReply) => r),
 * });
 */
export function createServer<GrpcReq, Req, Res, GrpcRes>(
  endpoint: Endpoint<Req, Res>,
  decode: DecodeRequestFunc<GrpcReq, Req>,
  encode: EncodeResponseFunc<Res, GrpcRes>,
  options: ServerOptions = {},
): UnaryHandler<GrpcReq, GrpcRes> {
  const { before = [], after = [], errorHandler = noop, finalizer = [] } = options;
  requireFunction("createServer", "endpoint", endpoint);
  requireFunction("createServer", "decode", decode);
  requireFunction("createServer", "encode", encode);
  requireFunctions("createServer", "before", before);
  requireFunctions("createServer", "after", after);
  requireFunction("createServer", "errorHandler", errorHandler);
  requireFunctions("createServer", "finalizer", finalizer);
  const beforeHooks = [...before];
  const afterHooks = [...after];
  const finalizers = [...finalizer];
  const hasFinalizers = finalizers.length > 0;

  async function serve(
    call: ServerUnaryCall<GrpcReq, GrpcRes>,
    callback: sendUnaryData<GrpcRes>,
  ): Promise<void> {
    const startedAt = hasFinalizers ? performance.now() : 0;
    const [callCtx, cancel] = contextFor(call);
    const onCancelled = () => cancel(cancelReason(callCtx));
    call.on("cancelled", onCancelled);
    if (call.cancelled) onCancelled();

    let ctx = withIncomingMetadata(callCtx, fromGrpcMetadata(call.metadata));
    let reply: GrpcRes | undefined;
    let header: GrpcMetadata | undefined;
    let trailer: GrpcMetadata | undefined;
    let failed = false;
    let error: unknown;
    try {
      for (const f of beforeHooks) ctx = f(ctx, call.metadata);
      const request: unknown = call.request;
      if (isMalformedRequest(request))
        throw new KitError("invalid_argument", malformedMessage, { cause: request.cause });
      const response = await endpoint(ctx, await decode(ctx, request as GrpcReq));
      if (afterHooks.length > 0) {
        header = new GrpcMetadata();
        trailer = new GrpcMetadata();
        for (const f of afterHooks) ctx = f(ctx, header, trailer);
      }
      reply = await encode(ctx, response);
    } catch (err) {
      failed = true;
      error = err;
    }

    let grpcStatus = 0;
    if (failed) {
      const status = toGrpcStatus(answerFor(error, ctx));
      grpcStatus = status.code;
      try {
        errorHandler(ctx, error);
      } catch {
        // An observer cannot change the answer.
      }
      callback(status, null);
    } else {
      if (header) call.sendMetadata(header);
      callback(null, reply, trailer);
    }

    call.removeListener("cancelled", onCancelled);
    if (call.cancelled) grpcStatus = codeTable[contextError(ctx)?.code ?? "canceled"].grpcStatus; // the client never saw it
    cancel();
    if (hasFinalizers) {
      const summary = summarize(grpcStatus, error, startedAt);
      for (const f of finalizers) {
        try {
          f(ctx, summary);
        } catch {
          // A finalizer cannot change the answer.
        }
      }
    }
  }

  const handler = (call: ServerUnaryCall<GrpcReq, GrpcRes>, callback: sendUnaryData<GrpcRes>) => {
    void serve(call, callback);
  };
  return Object.assign(handler, { kind: "unary" as const });
}

/** The call's root context: the gRPC deadline, if any, becomes the context's deadline. */
function contextFor(call: ServerUnaryCall<unknown, unknown>): [Context, CancelFunc] {
  const deadline = call.getDeadline();
  const ms = deadline instanceof Date ? deadline.getTime() : deadline;
  return Number.isFinite(ms) ? withDeadline(background(), ms) : withCancel(background());
}

/**
 * How far from its deadline a call may be when the client's cancellation arrives and still count
 * as the deadline passing: the client's timer fires first, by the request's one-way delay, and
 * HTTP/2 carries a deadline and a cancel alike as RST_STREAM CANCEL.
 */
const DEADLINE_SLACK_MS = 20;

/** Why the client cancelled: its deadline passed (within the slack), or it cancelled the call. */
function cancelReason(ctx: Context): KitError {
  const { deadline } = ctx;
  if (deadline !== undefined && deadline - Date.now() <= DEADLINE_SLACK_MS)
    return new KitError("deadline_exceeded", "the call's deadline passed");
  return new KitError("canceled", "the client cancelled the call");
}

/**
 * What to answer for `err`: itself when it is a KitError or has a gRPC status; otherwise, when
 * the context has ended (say the endpoint's `fetch` rejected with an `AbortError`), the
 * context's error.
 */
function answerFor(err: unknown, ctx: Context): unknown {
  if (isKitError(err) || !ctx.signal.aborted || grpcStatusOf(err) !== undefined) return err;
  return contextError(ctx);
}
