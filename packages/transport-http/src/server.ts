import type { Context, Endpoint } from "@kit/endpoint";
import {
  background,
  contextError,
  isKitError,
  KitError,
  withCancel,
  withIncomingMetadata,
} from "@kit/endpoint";
import type { FastifyReply, FastifyRequest, RouteHandlerMethod } from "fastify";
import type { ErrorEncoder } from "./error-encoder.js";
import { defaultErrorEncoder, internalErrorMessage, jsonContentType } from "./error-encoder.js";
import { metadataFromHeaders } from "./metadata.js";
import { requireFunction, requireFunctions, requireOptions } from "./validate.js";

/**
 * Turns the fastify request into the endpoint's request (go-kit's `DecodeRequestFunc`). Throw a
 * {@link KitError} `invalid_argument` for bad input; {@link decodeJSONRequest} makes one.
 *
 * @example
 * const decodeGet: DecodeRequestFunc<{ id: string }> = async (_ctx, request) =>
 *   ({ id: (request.params as { id: string }).id });
 */
export type DecodeRequestFunc<Req> = (ctx: Context, request: FastifyRequest) => Promise<Req>;

/**
 * Writes the endpoint's response to the reply (go-kit's `EncodeResponseFunc`). It must send the
 * reply; {@link encodeJSONResponse} is the usual choice.
 *
 * @example
 * const encodeText: EncodeResponseFunc<string> = async (_ctx, reply, text) => {
 *   reply.header("content-type", "text/plain").send(text);
 * };
 */
export type EncodeResponseFunc<Res> = (
  ctx: Context,
  reply: FastifyReply,
  response: Res,
) => Promise<void>;

/**
 * Runs before decoding with the fastify request and returns the context the call continues with
 * (go-kit's `ServerBefore` `RequestFunc`). The headers are already in the context as incoming
 * metadata (`incomingMetadata(ctx)`).
 *
 * @example
 * const tenant: ServerBeforeFunc = (ctx, request) => withValue(ctx, tenantKey, request.hostname);
 */
export type ServerBeforeFunc = (ctx: Context, request: FastifyRequest) => Context;

/**
 * Runs after the endpoint succeeded, before encoding, with the reply (to set headers or a status)
 * and returns the context encoding continues with (go-kit's `ServerAfter`). Not run on failure.
 *
 * @example
 * const version: ServerAfterFunc = (ctx, reply) => { reply.header("x-version", "1"); return ctx; };
 */
export type ServerAfterFunc = (ctx: Context, reply: FastifyReply) => Context;

/**
 * Observes every error a request fails with (hook, decoder, endpoint or encoder), before the
 * error encoder answers: for logging and metrics (go-kit's `ServerErrorHandler`). It cannot change
 * the answer; what it throws is ignored.
 *
 * @example
 * const errorHandler: ServerErrorHandler = (_ctx, err) => logger.log({ level: "error", err });
 */
export type ServerErrorHandler = (ctx: Context, err: unknown) => void;

/**
 * How one request ended, as handed to the finalizers.
 *
 * @example
 * const finalizer: ServerFinalizerFunc = (_ctx, s) => logger.log({ status: s.status, took_ms: s.durationMs });
 */
export interface ServerSummary {
  /** The status written; 499 when the client went away before the response was written. */
  readonly status: number;
  /** The response body's length in bytes, when known (the `content-length` sent). */
  readonly bytes: number | undefined;
  /** Milliseconds from the start of the handler to the end of the response (fractional). */
  readonly durationMs: number;
  /** The error the request failed with (for logs; never sent as is). Absent on success. */
  readonly error?: unknown;
}

/**
 * Runs once at the end of every request, after the response was written or the client went
 * away (go-kit's `ServerFinalizerFunc`). What it throws is ignored.
 *
 * @example
 * const finalizer: ServerFinalizerFunc = (_ctx, { status, durationMs }) => histogram.observe({ status }, durationMs);
 */
export type ServerFinalizerFunc = (ctx: Context, summary: ServerSummary) => void;

/**
 * Options for {@link createServer}. Every hook list runs in order; all default to none.
 *
 * @example
 * const options: ServerOptions = { before: [auth], finalizer: [accessLog] };
 */
export interface ServerOptions {
  /** Run before decoding, each with the fastify request. Default: none. */
  readonly before?: readonly ServerBeforeFunc[];
  /** Run after the endpoint succeeded, before encoding, each with the reply. Default: none. */
  readonly after?: readonly ServerAfterFunc[];
  /** Writes errors to the reply. Default: {@link defaultErrorEncoder} (JSON `{"error": ...}`). */
  readonly errorEncoder?: ErrorEncoder;
  /** Observes every error before the error encoder answers. Default: none. */
  readonly errorHandler?: ServerErrorHandler;
  /** Run once at the end of every request with its {@link ServerSummary}. Default: none. */
  readonly finalizer?: readonly ServerFinalizerFunc[];
}

const where = "createServer";
const noop = () => {};
const internalBody = JSON.stringify({ error: internalErrorMessage });

/**
 * Serves one endpoint as a fastify route handler (go-kit's `http.NewServer`): for each request
 * it builds a context, runs the `before` hooks, decodes, calls the endpoint, runs the `after`
 * hooks and encodes; on any error it calls `errorHandler` and answers with `errorEncoder`; when
 * the response is done it runs the finalizers.
 *
 * The context comes from `withCancel(background())` and carries the request headers as incoming
 * metadata. A client that disconnects before the response is written cancels it (the endpoint's
 * `ctx.signal` aborts with `canceled`), and it is always cancelled when the request ends. An
 * error thrown after the context ended that is not a KitError (say an `AbortError` from a `fetch`
 * the endpoint made) is answered as the context's error.
 *
 * The default error encoder answers JSON `{"error": message}`; see {@link defaultErrorEncoder}
 * for the status rules. Register the route through {@link httpTransport} so that bodies of any
 * content type (or none) reach the decoder.
 *
 * @throws TypeError at construction when an argument or option has the wrong type.
 * @example
 * app.register(httpTransport, {
 *   routes: [{ method: "POST", url: "/sum", handler: createServer(sum, decodeJSONRequest({ schema }), encodeJSONResponse) }],
 * });
 */
export function createServer<Req, Res>(
  endpoint: Endpoint<Req, Res>,
  decode: DecodeRequestFunc<Req>,
  encode: EncodeResponseFunc<Res>,
  options: ServerOptions = {},
): RouteHandlerMethod {
  requireOptions(where, options);
  const {
    before = [],
    after = [],
    errorEncoder = defaultErrorEncoder,
    errorHandler = noop,
    finalizer = [],
  } = options;
  requireFunction(where, "endpoint", endpoint);
  requireFunction(where, "decode", decode);
  requireFunction(where, "encode", encode);
  requireFunctions(where, "before", before);
  requireFunctions(where, "after", after);
  requireFunction(where, "errorEncoder", errorEncoder);
  requireFunction(where, "errorHandler", errorHandler);
  requireFunctions(where, "finalizer", finalizer);
  // Copies, so a caller changing its arrays later cannot change a running server.
  const beforeHooks = [...before];
  const afterHooks = [...after];
  const finalizers = [...finalizer];
  const nBefore = beforeHooks.length;
  const nAfter = afterHooks.length;
  const hasFinalizers = finalizers.length > 0;

  async function serve(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const startedAt = hasFinalizers ? performance.now() : 0;
    const [root, cancel] = withCancel(background());
    const res = reply.raw;
    let ctx = root;
    let failed = false;
    let error: unknown;
    let done = false;
    let closed = false;

    const finish = () => {
      if (!hasFinalizers) return;
      const summary = summarize(reply, startedAt, failed, error);
      for (const f of finalizers) {
        try {
          f(ctx, summary);
        } catch {
          // A finalizer cannot change the answer.
        }
      }
    };
    const onClose = () => {
      closed = true;
      if (done) finish();
      else if (!res.writableFinished)
        cancel(new KitError("canceled", "the client closed the connection"));
    };
    res.on("close", onClose);

    try {
      ctx = withIncomingMetadata(root, metadataFromHeaders(request.headers));
      for (let i = 0; i < nBefore; i++) ctx = (beforeHooks[i] as ServerBeforeFunc)(ctx, request);
      const response = await endpoint(ctx, await decode(ctx, request));
      for (let i = 0; i < nAfter; i++) ctx = (afterHooks[i] as ServerAfterFunc)(ctx, reply);
      await encode(ctx, reply, response);
    } catch (err) {
      failed = true;
      error = err;
      try {
        errorHandler(ctx, err);
      } catch {
        // An observer cannot change the answer.
      }
      if (!res.destroyed && !res.headersSent && !reply.sent) {
        try {
          await errorEncoder(ctx, answerFor(err, ctx), reply);
        } catch {
          if (!res.destroyed && !res.headersSent && !reply.sent)
            reply.code(500).header("content-type", jsonContentType).send(internalBody);
        }
      }
    }

    done = true;
    cancel();
    if (closed) finish();
  }

  return (request, reply) => {
    void serve(request, reply);
  };
}

function summarize(
  reply: FastifyReply,
  startedAt: number,
  failed: boolean,
  error: unknown,
): ServerSummary {
  const res = reply.raw;
  const status = res.writableFinished ? res.statusCode : 499;
  const length = reply.getHeader("content-length");
  const bytes = typeof length === "string" || typeof length === "number" ? Number(length) : NaN;
  const durationMs = performance.now() - startedAt;
  return failed
    ? { status, bytes: Number.isNaN(bytes) ? undefined : bytes, durationMs, error }
    : { status, bytes: Number.isNaN(bytes) ? undefined : bytes, durationMs };
}

/**
 * What to answer for `err`: itself when it is a KitError or chooses its status; otherwise, when
 * the context has ended, the context's error (`canceled`).
 */
export function answerFor(err: unknown, ctx: Context): unknown {
  if (isKitError(err) || !ctx.signal.aborted) return err;
  if (typeof (err as { statusCode?: unknown } | null)?.statusCode === "number") return err;
  return contextError(ctx);
}
