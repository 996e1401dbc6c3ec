import type { Context, Endpoint } from "@kit/endpoint";
import { contextError, outgoingMetadata } from "@kit/endpoint";
import type { Dispatcher } from "undici";
import { Pool } from "undici";
import { CallSignal } from "./call-signal.js";
import type { ErrorDecoder } from "./error-decoder.js";
import { defaultErrorDecoder, transportError } from "./error-decoder.js";
import { writeMetadata } from "./metadata.js";
import { requireFunction, requireFunctions, requireOptions } from "./validate.js";

/**
 * The parts of an HTTP request an encoder produces; the client adds the method, URL and
 * metadata headers.
 *
 * @example
 * const out: OutgoingRequest = { body: '{"a":1}', headers: { "content-type": "application/json" } };
 */
export interface OutgoingRequest {
  /** The request body. Default: none. */
  readonly body?: string | Uint8Array | undefined;
  /** Request headers (names case-insensitive). They win over `options.headers` and metadata. */
  readonly headers?: Readonly<Record<string, string | readonly string[]>> | undefined;
  /**
   * The path and query for this call, starting with `/` (say `/users/42?full=1`), replacing
   * those of the client's URL. Default: the client URL's.
   */
  readonly path?: string | undefined;
}

/**
 * Turns the endpoint's request into an HTTP request (go-kit's `EncodeRequestFunc`, as a function
 * that returns the parts instead of changing an `*http.Request`).
 *
 * @example
 * const encodeGetUser: EncodeRequestFunc<{ id: string }> = async (_ctx, { id }) =>
 *   ({ path: `/users/${encodeURIComponent(id)}` });
 */
export type EncodeRequestFunc<Req> = (ctx: Context, request: Req) => Promise<OutgoingRequest>;

/**
 * A complete HTTP response, as decoders and `after` hooks see it.
 *
 * @example
 * const decodeText: DecodeResponseFunc<string> = async (_ctx, res: ClientResponse) => res.body.toString("utf8");
 */
export interface ClientResponse {
  /** The HTTP status. */
  readonly status: number;
  /** The response headers, names lower-cased. */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The whole response body. */
  readonly body: Buffer;
}

/**
 * Turns a 2xx response into the endpoint's response (go-kit's `DecodeResponseFunc`). Non-2xx
 * responses go to the client's `errorDecoder` instead.
 *
 * @example
 * const decodeSum: DecodeResponseFunc<{ v: number }> = async (_ctx, res) => JSON.parse(res.body.toString());
 */
export type DecodeResponseFunc<Res> = (ctx: Context, response: ClientResponse) => Promise<Res>;

/**
 * Runs after encoding, before the request is sent, with its headers (mutable, names lower-case);
 * returns the context the call continues with (go-kit's `ClientBefore`).
 *
 * @example
 * const auth: ClientBeforeFunc = (ctx, headers) => { headers.authorization = `Bearer ${token}`; return ctx; };
 */
export type ClientBeforeFunc = (
  ctx: Context,
  headers: Record<string, string | string[]>,
) => Context;

/**
 * Runs when a response arrived, before it is decoded (also for non-2xx); returns the context
 * decoding continues with (go-kit's `ClientAfter`).
 *
 * @example
 * const version: ClientAfterFunc = (ctx, res) => withValue(ctx, versionKey, String(res.headers["x-version"]));
 */
export type ClientAfterFunc = (ctx: Context, response: ClientResponse) => Context;

/**
 * How one call ended, as handed to client finalizers.
 *
 * @example
 * const finalizer: ClientFinalizerFunc = (_ctx, s) => logger.log({ status: s.status, took_ms: s.durationMs });
 */
export interface ClientSummary {
  /** The HTTP status received, or `undefined` when no response arrived. */
  readonly status: number | undefined;
  /** Milliseconds from the call to its end (fractional). */
  readonly durationMs: number;
  /** What the call rejected with, when it failed. */
  readonly error?: unknown;
}

/**
 * Runs once at the end of every call, success or not (go-kit's `ClientFinalizer`). What it throws
 * is ignored.
 *
 * @example
 * const finalizer: ClientFinalizerFunc = (_ctx, { status, error }) => { if (error) logger.log({ status, error }); };
 */
export type ClientFinalizerFunc = (ctx: Context, summary: ClientSummary) => void;

/**
 * Options for {@link createClient}. Every hook list runs in order; all default to none.
 *
 * @example
 * const options: ClientOptions = { headers: { "user-agent": "addcli/1" }, dispatcher: sharedAgent };
 */
export interface ClientOptions {
  /** Run before sending, each with the request headers. Default: none. */
  readonly before?: readonly ClientBeforeFunc[];
  /** Run when a response arrived, before decoding. Default: none. */
  readonly after?: readonly ClientAfterFunc[];
  /** Run once at the end of every call. Default: none. */
  readonly finalizer?: readonly ClientFinalizerFunc[];
  /**
   * The undici dispatcher (an `Agent`, `Pool`, `Client`, `MockAgent`, ...) that sends requests.
   * Default: a keep-alive `Pool` for the URL's origin, owned by this client and closed by its
   * `close()`. A dispatcher you pass is yours to close; share one between clients of one host.
   */
  readonly dispatcher?: Dispatcher;
  /** Headers sent with every request (below metadata and the encoder's). Default: none. */
  readonly headers?: Readonly<Record<string, string | readonly string[]>>;
  /** Turns a non-2xx response into the rejection. Default: {@link defaultErrorDecoder}. */
  readonly errorDecoder?: ErrorDecoder;
}

/**
 * An endpoint that calls a remote HTTP endpoint, made by {@link createClient}.
 *
 * @example
 * const sum: ClientEndpoint<SumReq, SumRes> = createClient("POST", url, encodeJSONRequest, decodeJSONResponse());
 * try { await sum(ctx, { a: 1, b: 2 }); } finally { await sum.close(); }
 */
export type ClientEndpoint<Req, Res> = Endpoint<Req, Res> & {
  /** The dispatcher the endpoint sends through. */
  readonly dispatcher: Dispatcher;
  /**
   * Closes the dispatcher when the client made it (waiting for calls in flight); does nothing
   * for one passed in `options.dispatcher`. Idempotent.
   */
  close(): Promise<void>;
};

const where = "createClient";
const methodPattern = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * Makes an endpoint that calls one remote HTTP method (go-kit's `http.NewClient`): per call it
 * encodes the request, adds the context's outgoing metadata and `options.headers` as request
 * headers, runs the `before` hooks, sends it through undici, runs the `after` hooks, and decodes
 * a 2xx response; finalizers run at the end.
 *
 * Errors it rejects with are {@link KitError}s (what the encoder or decoder throws passes as is):
 * - the context's end reaches undici through `whenDone` (so any number of calls may be in flight
 *   on one context): a call whose context is already done does not start; an abort
 *   mid-call rejects with the context's error, `canceled`, or `deadline_exceeded` for an expired
 *   deadline;
 * - a non-2xx response: through `errorDecoder`, by default the code from the status with the
 *   server's `{"error": "..."}` message (see {@link defaultErrorDecoder});
 * - connection refused, reset or any other network failure: `unavailable`, with the cause.
 *
 * The default dispatcher is a keep-alive undici `Pool` for the URL's origin; call `close()` when
 * done with the client, or pass your own `dispatcher` (then closing it is yours).
 *
 * @throws TypeError at construction when the method, URL or an option is invalid.
 * @example
 * const sum = createClient("POST", "http://127.0.0.1:8080/sum", encodeJSONRequest, decodeJSONResponse({ schema }));
 * const { v } = await sum(ctx, { a: 1, b: 2 });
 * await sum.close();
 */
export function createClient<Req, Res>(
  method: string,
  url: string | URL,
  encode: EncodeRequestFunc<Req>,
  decode: DecodeResponseFunc<Res>,
  options: ClientOptions = {},
): ClientEndpoint<Req, Res> {
  if (typeof method !== "string" || !methodPattern.test(method))
    throw new TypeError(`${where}: method must be an HTTP method name, got ${String(method)}`);
  const target = parseURL(url);
  if (target.protocol !== "http:" && target.protocol !== "https:")
    throw new TypeError(`${where}: url must be http: or https:, got ${target.protocol}`);
  requireFunction(where, "encode", encode);
  requireFunction(where, "decode", decode);
  requireOptions(where, options);
  const {
    before = [],
    after = [],
    finalizer = [],
    dispatcher: given,
    headers: staticHeaders = {},
    errorDecoder = defaultErrorDecoder,
  } = options;
  requireFunctions(where, "before", before);
  requireFunctions(where, "after", after);
  requireFunctions(where, "finalizer", finalizer);
  requireFunction(where, "errorDecoder", errorDecoder);
  if (given !== undefined && typeof (given as { request?: unknown }).request !== "function")
    throw new TypeError(`${where}: dispatcher must be an undici Dispatcher`);
  if (typeof staticHeaders !== "object" || staticHeaders === null)
    throw new TypeError(`${where}: headers must be an object`);

  const beforeHooks = [...before];
  const afterHooks = [...after];
  const finalizers = [...finalizer];
  const nBefore = beforeHooks.length;
  const nAfter = afterHooks.length;
  const hasFinalizers = finalizers.length > 0;
  const fixedHeaders = headerEntries(staticHeaders);
  const origin = target.origin;
  const basePath = `${target.pathname}${target.search}`;
  const dispatcher: Dispatcher = given ?? new Pool(origin);
  let closing: Promise<void> | undefined;

  const endpoint: Endpoint<Req, Res> = async (ctx, request) => {
    const startedAt = hasFinalizers ? performance.now() : 0;
    let status: number | undefined;
    let failed = false;
    let error: unknown;
    try {
      const ended = contextError(ctx);
      if (ended !== undefined) throw ended;
      const out = await encode(ctx, request);
      const headers: Record<string, string | string[]> = {};
      for (let i = 0; i < fixedHeaders.length; i++) {
        const [name, value] = fixedHeaders[i] as [string, string | string[]];
        headers[name] = value;
      }
      const md = outgoingMetadata(ctx);
      if (md.size > 0) writeMetadata(md, headers);
      const own = out.headers;
      if (own !== undefined)
        for (const name of Object.keys(own)) {
          const value = own[name] as string | readonly string[];
          headers[name.toLowerCase()] = typeof value === "string" ? value : [...value];
        }
      const path = out.path ?? basePath;
      if (path.charCodeAt(0) !== 47 /* "/" */)
        throw new TypeError(`${where}: the encoder's path must start with "/", got ${path}`);
      for (let i = 0; i < nBefore; i++) ctx = (beforeHooks[i] as ClientBeforeFunc)(ctx, headers);

      let response: ClientResponse;
      const signal = new CallSignal(ctx);
      try {
        const res = await dispatcher.request({
          origin,
          path,
          method,
          headers,
          body: out.body,
          signal,
        });
        status = res.statusCode;
        const body = Buffer.from(await res.body.arrayBuffer());
        response = { status: res.statusCode, headers: res.headers, body };
      } catch (err) {
        throw transportError(err, ctx);
      } finally {
        signal.release();
      }
      for (let i = 0; i < nAfter; i++) ctx = (afterHooks[i] as ClientAfterFunc)(ctx, response);
      if (response.status < 200 || response.status > 299) throw await errorDecoder(ctx, response);
      return await decode(ctx, response);
    } catch (err) {
      failed = true;
      error = err;
      throw err;
    } finally {
      if (hasFinalizers) {
        const durationMs = performance.now() - startedAt;
        const summary: ClientSummary = failed
          ? { status, durationMs, error }
          : { status, durationMs };
        for (const f of finalizers) {
          try {
            f(ctx, summary);
          } catch {
            // A finalizer cannot change the outcome.
          }
        }
      }
    }
  };

  return Object.assign(endpoint, {
    dispatcher,
    close(): Promise<void> {
      if (given !== undefined) return Promise.resolve();
      closing ??= dispatcher.close();
      return closing;
    },
  });
}

/** Lower-cases the names of `headers` and copies their values, once, at construction. */
function headerEntries(
  headers: Readonly<Record<string, string | readonly string[]>>,
): [string, string | string[]][] {
  const entries: [string, string | string[]][] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value === "string") entries.push([name.toLowerCase(), value]);
    else if (Array.isArray(value) && value.every((v) => typeof v === "string"))
      entries.push([name.toLowerCase(), [...value]]);
    else throw new TypeError(`${where}: header ${name} must be a string or an array of strings`);
  }
  return entries;
}

function parseURL(url: string | URL): URL {
  try {
    return new URL(url);
  } catch {
    throw new TypeError(`${where}: url must be an absolute http(s) URL, got ${String(url)}`);
  }
}
