import type { Code } from "@kit/endpoint";
import { codeFromJsonRpcCode, codeTable, isCode, isKitError, KitError } from "@kit/endpoint";

/**
 * A JSON-RPC 2.0 request id: a string, a number, or `null`. A request without one is a
 * notification.
 *
 * @example
 * const id: JsonRpcId = 1;
 */
export type JsonRpcId = string | number | null;

/**
 * A JSON-RPC 2.0 request object. `jsonrpc` is `"2.0"`; the server also accepts `""`, which
 * go-kit 0.10's client sends.
 *
 * @example
 * const req: JsonRpcRequest = { jsonrpc: "2.0", method: "sum", params: { a: 1, b: 2 }, id: 1 };
 */
export interface JsonRpcRequest {
  /** The protocol version. */
  readonly jsonrpc: "2.0" | "";
  /** The method to call. */
  readonly method: string;
  /** The parameters, usually an object or an array. */
  readonly params?: unknown;
  /** The id the response echoes; absent for a notification. */
  readonly id?: JsonRpcId;
}

/**
 * A JSON-RPC 2.0 error object.
 *
 * @example
 * const e: JsonRpcErrorObject = { code: -32601, message: "method not found: nope", data: { code: "unimplemented" } };
 */
export interface JsonRpcErrorObject {
  /** The error code: the specification's (-32700 ... -32603) or a server error (-32000 - grpcStatus). */
  readonly code: number;
  /** A short description, client-safe. */
  readonly message: string;
  /** More about the error; a kit server sends `{ code }` (the kit code) and `details` if any. */
  readonly data?: unknown;
}

/**
 * A JSON-RPC 2.0 response object: a `result` or an `error`, and the request's id.
 *
 * @example
 * const ok: JsonRpcResponse = { jsonrpc: "2.0", result: { v: 3 }, id: 1 };
 */
export type JsonRpcResponse =
  | { readonly jsonrpc: "2.0"; readonly result: unknown; readonly id: JsonRpcId }
  | { readonly jsonrpc: "2.0"; readonly error: JsonRpcErrorObject; readonly id: JsonRpcId };

/**
 * The error codes of the JSON-RPC 2.0 specification.
 *
 * @example
 * if (error.code === jsonRpcErrorCodes.methodNotFound) fallBack();
 */
export const jsonRpcErrorCodes = Object.freeze({
  /** Invalid JSON was received. */
  parseError: -32700,
  /** The JSON sent is not a valid request object. */
  invalidRequest: -32600,
  /** The method does not exist. */
  methodNotFound: -32601,
  /** Invalid method parameters (a KitError `invalid_argument`). */
  invalidParams: -32602,
  /** Internal error (a KitError `internal`, or any error that is not a KitError). */
  internalError: -32603,
} as const);

/**
 * An error that chooses its own JSON-RPC error code (go-kit's jsonrpc `ErrorCoder`).
 *
 * @example
 * class Teapot extends Error implements JsonRpcErrorCoder { readonly jsonRpcCode = -32042; }
 */
export interface JsonRpcErrorCoder {
  /** The JSON-RPC `error.code` to answer with. */
  readonly jsonRpcCode: number;
}

const internalMessage = "internal error";

/**
 * The JSON-RPC error object a server answers for `err`:
 *
 * - a {@link KitError}: code `codeTable[err.code].jsonRpcCode` (so `invalid_argument` from a
 *   params decoder is -32602, `unimplemented` -32601, `unavailable` -32014), its message, and
 *   `data: { code, details? }` with the kit code;
 * - an error with its own integer `jsonRpcCode` ({@link JsonRpcErrorCoder}): that code and its
 *   message (a KitError may carry one too; it wins over the table);
 * - anything else: -32603 `"internal error"`, never its own message.
 *
 * @example
 * toErrorObject(new KitError("not_found", "no such user"));
 * // { code: -32005, message: "no such user", data: { code: "not_found" } }
 */
export function toErrorObject(err: unknown): JsonRpcErrorObject {
  const own = ownJsonRpcCode(err);
  if (isKitError(err)) {
    const data =
      err.details === undefined ? { code: err.code } : { code: err.code, details: err.details };
    return { code: own ?? codeTable[err.code].jsonRpcCode, message: err.message, data };
  }
  if (own !== undefined) {
    const message = (err as { message?: unknown }).message;
    return {
      code: own,
      message: typeof message === "string" && message !== "" ? message : internalMessage,
      data: { code: codeFromJsonRpcCode(own) },
    };
  }
  return {
    code: jsonRpcErrorCodes.internalError,
    message: internalMessage,
    data: { code: "internal" },
  };
}

/**
 * The {@link KitError} a client reports for a JSON-RPC error object: the kit code from
 * `data.code` when the server sent one (a kit server does), else `codeFromJsonRpcCode(code)`
 * (-32601 `unimplemented`, -32602 `invalid_argument`, -32014 `unavailable`, unknown codes
 * `unknown`); the object's message; `details: { jsonRpcCode, data? }`.
 *
 * @example
 * fromErrorObject({ code: -32005, message: "no such user" }); // KitError not_found "no such user"
 */
export function fromErrorObject(error: JsonRpcErrorObject): KitError {
  const kitCode = (error.data as { code?: unknown } | null | undefined)?.code;
  const code: Code = isCode(kitCode) ? kitCode : codeFromJsonRpcCode(error.code);
  const message =
    typeof error.message === "string" && error.message !== ""
      ? error.message
      : `JSON-RPC error ${error.code}`;
  return new KitError(code, message, {
    details:
      error.data === undefined
        ? { jsonRpcCode: error.code }
        : { jsonRpcCode: error.code, data: error.data },
  });
}

/** A KitError that also names its JSON-RPC code: for the protocol's own errors. */
export function protocolError(code: Code, jsonRpcCode: number, message: string): KitError {
  return Object.assign(new KitError(code, message), { jsonRpcCode });
}

function ownJsonRpcCode(err: unknown): number | undefined {
  if (typeof err !== "object" || err === null) return undefined;
  const code = (err as { jsonRpcCode?: unknown }).jsonRpcCode;
  return typeof code === "number" && Number.isInteger(code) ? code : undefined;
}
