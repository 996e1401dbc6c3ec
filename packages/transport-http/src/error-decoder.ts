import type { Context } from "@kit/endpoint";
import { codeFromHttpStatus, contextError, isKitError, KitError } from "@kit/endpoint";
import type { ClientResponse } from "./client.js";

/**
 * Turns a non-2xx response into the error the client endpoint rejects with.
 *
 * @example
 * const errorDecoder: ErrorDecoder = (_ctx, res) => new KitError("unavailable", `upstream said ${res.status}`);
 */
export type ErrorDecoder = (ctx: Context, response: ClientResponse) => Error | Promise<Error>;

/**
 * The default {@link ErrorDecoder}: a {@link KitError} with code `codeFromHttpStatus(status)`
 * (404 `not_found`, 429 `resource_exhausted`, 503 `unavailable`, 504 `deadline_exceeded`, ...),
 * `details: { httpStatus }`, and as message the server's own: the `error` string of a JSON body
 * `{"error": "..."}` (what kit and go-kit servers send), or the `message` of fastify's default
 * error body; otherwise `unexpected HTTP status 503`.
 *
 * @example
 * const err = defaultErrorDecoder(ctx, { status: 404, headers: {}, body: Buffer.from('{"error":"no such user"}') });
 * // KitError not_found "no such user"
 */
export function defaultErrorDecoder(_ctx: Context, response: ClientResponse): KitError {
  const { status } = response;
  return new KitError(
    codeFromHttpStatus(status),
    serverMessage(response.body) ?? `unexpected HTTP status ${status}`,
    { details: { httpStatus: status } },
  );
}

/** The message in a JSON error body, if the body is one. */
function serverMessage(body: Buffer): string | undefined {
  if (body.length === 0 || body.length > 64 * 1024) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(body.toString("utf8"));
  } catch {
    return undefined;
  }
  if (typeof value !== "object" || value === null) return undefined;
  const { error, message, statusCode } = value as Record<string, unknown>;
  if (typeof message === "string" && typeof statusCode === "number" && message) return message;
  if (typeof error === "string" && error) return error;
  if (typeof message === "string" && message) return message;
  return undefined;
}

/** undici error codes that mean "took too long" rather than "could not reach". */
const timeoutCodes: ReadonlySet<string> = new Set([
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
]);

/**
 * The KitError a client reports when the request itself failed (no complete response): the
 * context's error when it ended (`canceled`, `deadline_exceeded`); a KitError as is; an undici
 * headers/body timeout as `deadline_exceeded`; anything else (connection refused, reset, DNS) as
 * `unavailable`, with the original as `cause`.
 */
export function transportError(err: unknown, ctx: Context): KitError {
  const ended = contextError(ctx);
  if (ended !== undefined) return ended;
  if (isKitError(err)) return err;
  const code = (err as { code?: unknown } | null)?.code;
  const name = typeof code === "string" ? code : "network error";
  if (timeoutCodes.has(name))
    return new KitError("deadline_exceeded", `request timed out: ${name}`, { cause: err });
  return new KitError("unavailable", `request failed: ${name}`, { cause: err });
}
