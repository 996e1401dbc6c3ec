import type { Context } from "@kit/endpoint";
import { codeTable, isKitError } from "@kit/endpoint";
import type { FastifyReply } from "fastify";

/**
 * Writes an error to the reply (go-kit's `ErrorEncoder`). It must send the reply.
 *
 * @example
 * const errorEncoder: ErrorEncoder = (_ctx, err, reply) => {
 *   reply.code(errorStatus(err)).send({ message: String(err) });
 * };
 */
export type ErrorEncoder = (
  ctx: Context,
  err: unknown,
  reply: FastifyReply,
) => void | Promise<void>;

/**
 * An error that chooses its own HTTP status (go-kit's `StatusCoder`), as fastify's errors and
 * `http-errors` do: an integer `statusCode` from 400 to 599.
 *
 * @example
 * class Gone extends Error implements StatusCoder { readonly statusCode = 410; }
 */
export interface StatusCoder {
  /** The HTTP status to answer with. */
  readonly statusCode: number;
}

/**
 * An error that adds response headers (go-kit's `Headerer`): a record of a value or values per
 * name, or a WHATWG `Headers`.
 *
 * @example
 * class Limited extends Error implements Headerer {
 *   headers() { return { "retry-after": "2" }; }
 * }
 */
export interface Headerer {
  /** The headers to add to the error response. */
  headers(): Readonly<Record<string, string | readonly string[]>> | Headers;
}

/** The `content-type` the JSON helpers and the error encoder answer with. */
export const jsonContentType = "application/json; charset=utf-8";

/** The message sent for an error that is neither a KitError nor a client error. */
export const internalErrorMessage = "internal error";

/**
 * The HTTP status {@link defaultErrorEncoder} answers for `err`, in this order: the error's own
 * integer `statusCode` from 400 to 599 ({@link StatusCoder}); a {@link KitError}'s code through
 * `codeTable` (`resource_exhausted` 429, `unavailable` 503, ...); otherwise 500.
 *
 * @example
 * errorStatus(new KitError("not_found", "no such user")); // 404
 * errorStatus(new Error("boom")); // 500
 */
export function errorStatus(err: unknown): number {
  const own = ownStatus(err);
  if (own !== undefined) return own;
  if (isKitError(err)) return codeTable[err.code].httpStatus;
  return 500;
}

/**
 * The message {@link defaultErrorEncoder} sends for `err`: a {@link KitError}'s message; the
 * message of an error with its own 4xx `statusCode` (or with `expose: true`, as `http-errors`
 * marks client-safe errors); otherwise `"internal error"`, so no internal detail (a stack, a
 * database message) reaches the client.
 *
 * @example
 * errorMessage(new KitError("not_found", "no such user")); // "no such user"
 * errorMessage(new TypeError("x is undefined")); // "internal error"
 */
export function errorMessage(err: unknown): string {
  if (isKitError(err)) return err.message;
  const own = ownStatus(err);
  if (own !== undefined && (own < 500 || (err as { expose?: unknown }).expose === true)) {
    const message = (err as { message?: unknown }).message;
    if (typeof message === "string" && message !== "") return message;
  }
  return internalErrorMessage;
}

/**
 * The default {@link ErrorEncoder}: answers JSON `{"error": message}` with
 * `content-type: application/json`, the status from {@link errorStatus}, the message from
 * {@link errorMessage}, and the headers of a {@link Headerer}. A KitError `invalid_argument`
 * answers 400 with its message (for a schema failure, the issue paths); a plain `Error` answers
 * 500 `{"error": "internal error"}`.
 *
 * @example
 * app.post("/sum", createServer(sum, decodeSum, encodeSum, { errorEncoder: defaultErrorEncoder }));
 */
export function defaultErrorEncoder(_ctx: Context, err: unknown, reply: FastifyReply): void {
  applyErrorHeaders(err, reply);
  reply
    .code(errorStatus(err))
    .header("content-type", jsonContentType)
    .send(JSON.stringify({ error: errorMessage(err) }));
}

function ownStatus(err: unknown): number | undefined {
  if (typeof err !== "object" || err === null) return undefined;
  const status = (err as { statusCode?: unknown }).statusCode;
  return typeof status === "number" && Number.isInteger(status) && status >= 400 && status <= 599
    ? status
    : undefined;
}

/** Adds the headers of a {@link Headerer} error to the reply; a throwing `headers()` adds none. */
export function applyErrorHeaders(err: unknown, reply: FastifyReply): void {
  if (typeof err !== "object" || err === null) return;
  const headers = (err as { headers?: unknown }).headers;
  if (typeof headers !== "function") return;
  let value: unknown;
  try {
    value = headers.call(err);
  } catch {
    return;
  }
  if (typeof value !== "object" || value === null) return;
  if (value instanceof Headers) {
    value.forEach((v, name) => {
      reply.header(name, v);
    });
    return;
  }
  for (const [name, v] of Object.entries(value)) {
    if (typeof v === "string") reply.header(name, v);
    else if (Array.isArray(v)) reply.header(name, [...(v as string[])]);
  }
}
