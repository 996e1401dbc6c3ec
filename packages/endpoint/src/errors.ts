import type { Code } from "./codes.js";
import { isCode } from "./codes.js";

const brand: unique symbol = Symbol.for("@kit/endpoint.KitError") as never;

/** Options for {@link KitError}. */
export interface KitErrorOptions {
  /** The underlying error, kept for logs; transports never send it. */
  cause?: unknown;
  /** Structured, client-safe details (for example schema issues). Transports may send them. */
  details?: Readonly<Record<string, unknown>>;
}

/**
 * The one error class of `@kit`: a canonical {@link Code}, a client-safe message, optional
 * structured `details`, and a `cause` that stays in logs.
 *
 * Throw it from endpoints and middlewares; every transport maps `code` to its wire status through
 * {@link codeTable}. Business outcomes belong in the response ({@link Failer}), not here.
 *
 * @example
 * throw new KitError("unavailable", "etcd lease grant failed", { cause: err });
 */
export class KitError extends Error {
  /** The canonical code; transports turn it into HTTP, gRPC and JSON-RPC statuses. */
  readonly code: Code;
  /** Client-safe structured details, if any. */
  readonly details: Readonly<Record<string, unknown>> | undefined;
  /** Brand that {@link isKitError} checks, shared by every copy of this package. */
  readonly [brand] = true;

  constructor(code: Code, message: string, options: KitErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "KitError";
    this.code = code;
    this.details = options.details;
  }

  /**
   * Turns anything thrown into a KitError: a KitError (from any copy of this package) is
   * returned as is; an `AbortError` becomes `canceled`, a `TimeoutError` `deadline_exceeded`;
   * anything else becomes `fallback` (default `unknown`) with the original as `cause` and its
   * message kept. Transports still send a generic message for errors that were not KitErrors.
   *
   * @example
   * catch (err) { const e = KitError.from(err); log({ code: e.code, err: e.cause ?? e }); }
   */
  static from(value: unknown, fallback: Code = "unknown"): KitError {
    if (isKitError(value)) return value;
    // Read name and message structurally: a DOMException or an error from another realm is not
    // always `instanceof Error`.
    const { name, message } = describe(value);
    if (name === "AbortError") return new KitError("canceled", message, { cause: value });
    if (name === "TimeoutError")
      return new KitError("deadline_exceeded", message, { cause: value });
    return new KitError(fallback, message, { cause: value });
  }
}

function describe(value: unknown): { name: string | undefined; message: string } {
  if (typeof value === "object" && value !== null) {
    const { name, message } = value as { name?: unknown; message?: unknown };
    if (typeof message === "string")
      return { name: typeof name === "string" ? name : undefined, message };
  }
  return { name: undefined, message: String(value) };
}

/**
 * Tells whether `value` is a {@link KitError}, also one made by another copy of this package
 * (it checks a `Symbol.for` brand, not `instanceof`).
 *
 * @example
 * if (isKitError(err) && err.code === "resource_exhausted") backOff();
 */
export function isKitError(value: unknown): value is KitError {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as { [brand]?: unknown })[brand] === true &&
    isCode((value as { code?: unknown }).code)
  );
}
