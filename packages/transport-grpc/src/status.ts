import type { StatusObject } from "@grpc/grpc-js";
import { Metadata } from "@grpc/grpc-js";
import type { Code } from "@kit/endpoint";
import { codeFromGrpcStatus, codeTable, isKitError, KitError } from "@kit/endpoint";

/**
 * The trailing-metadata key that carries a {@link KitError}'s `details` as UTF-8 JSON. It ends
 * in `-bin`, so any JSON (also non-ASCII) travels intact; peers that do not know it ignore it.
 *
 * @example
 * const raw = serviceError.metadata.get(errorDetailsTrailer)[0]; // a Buffer of JSON
 */
export const errorDetailsTrailer = "kit-error-details-bin";

/** The message a server sends for an error that is not a {@link KitError}. */
const internalMessage = "internal error";

/**
 * How one call ended, as handed to server and client finalizers.
 *
 * @example
 * const finalizer = (_ctx: Context, s: CallSummary) =>
 *   logger.log({ code: s.code, grpc_status: s.grpcStatus, took_ms: s.durationMs });
 */
export interface CallSummary {
  /** `"ok"`, or the canonical code of the error the call ended with. */
  readonly code: Code | "ok";
  /** The gRPC status number: 0 for `ok`, else `codeTable[code].grpcStatus`. */
  readonly grpcStatus: number;
  /** Milliseconds from the start of the call to its end (fractional). */
  readonly durationMs: number;
  /**
   * The error the call ended with, when it failed: on a server what the decoder, endpoint,
   * encoder or a hook threw (for logs, never sent as is); on a client the {@link KitError} it
   * rejects with.
   */
  readonly error?: unknown;
}

/**
 * The gRPC status a server answers for `err`, ready to pass as the error of a grpc-js
 * `sendUnaryData` callback:
 *
 * - a {@link KitError} (from any copy of `@kit/endpoint`): `codeTable[err.code].grpcStatus` with
 *   the error's message; its `details`, if any, go as JSON in the {@link errorDetailsTrailer}
 *   trailer (dropped if they cannot be serialised);
 * - an error that already carries a gRPC status, shaped like a grpc-js `ServiceError` (an integer
 *   `code` from 1 to 16 and a string `details`), such as one from a call the endpoint made: that
 *   status and its `details`, unchanged, without the upstream's trailers;
 * - anything else: `INTERNAL` (13) with the generic message `"internal error"`, so no internal
 *   message leaks to the caller.
 *
 * @example
 * callback(toGrpcStatus(new KitError("not_found", "no such user")), null); // NOT_FOUND
 */
export function toGrpcStatus(err: unknown): StatusObject {
  if (isKitError(err)) {
    const metadata = new Metadata();
    if (err.details !== undefined) {
      const json = tryStringify(err.details);
      if (json !== undefined) metadata.set(errorDetailsTrailer, Buffer.from(json, "utf8"));
    }
    return { code: codeTable[err.code].grpcStatus, details: err.message, metadata };
  }
  const status = grpcStatusOf(err);
  if (status !== undefined) return status;
  return {
    code: codeTable.internal.grpcStatus,
    details: internalMessage,
    metadata: new Metadata(),
  };
}

/**
 * The {@link KitError} a client reports for a non-OK gRPC status (a grpc-js `ServiceError` or a
 * `StatusObject`): the code from `codeFromGrpcStatus`, the status details as message, the
 * {@link errorDetailsTrailer} trailer (when it holds a JSON object) as `details`, and `cause` as
 * given. Statuses outside gRPC's set, and 0, give `unknown`.
 *
 * @example
 * client.sum(req, (err, reply) => { if (err) throw errorFromStatus(err, err); });
 */
export function errorFromStatus(
  status: { readonly code: number; readonly details?: string; readonly metadata?: Metadata },
  cause?: unknown,
): KitError {
  const code = codeFromGrpcStatus(status.code);
  const message = status.details ?? "";
  const details = status.metadata ? readDetails(status.metadata) : undefined;
  return new KitError(code, message, { cause, details });
}

/**
 * The {@link CallSummary} of a call that ended with gRPC status `grpcStatus` (0 for success),
 * started at `startedAt` (a `performance.now()` reading). Internal to this package.
 */
export function summarize(grpcStatus: number, error: unknown, startedAt: number): CallSummary {
  const durationMs = performance.now() - startedAt;
  if (grpcStatus === 0) return { code: "ok", grpcStatus, durationMs };
  return { code: codeFromGrpcStatus(grpcStatus), grpcStatus, durationMs, error };
}

/**
 * The status carried by an error shaped like grpc-js's `ServiceError` (an integer `code` from 1
 * to 16 and a string `details`), or `undefined`. Requiring `details` keeps out other errors with
 * numeric codes, such as a `DOMException`'s legacy `code`.
 */
export function grpcStatusOf(err: unknown): StatusObject | undefined {
  if (typeof err !== "object" || err === null) return undefined;
  const { code, details } = err as { code?: unknown; details?: unknown };
  if (typeof code !== "number" || !Number.isInteger(code) || code < 1 || code > 16)
    return undefined;
  if (typeof details !== "string") return undefined;
  // The upstream's trailers stay behind: they were meant for this process, not its caller.
  return { code, details, metadata: new Metadata() };
}

function tryStringify(value: unknown): string | undefined {
  try {
    return JSON.stringify(value);
  } catch {
    return undefined;
  }
}

function readDetails(metadata: Metadata): Readonly<Record<string, unknown>> | undefined {
  const raw = metadata.get(errorDetailsTrailer)[0];
  if (raw === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(typeof raw === "string" ? raw : raw.toString("utf8"));
    return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
