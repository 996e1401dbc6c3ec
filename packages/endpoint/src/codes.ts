/**
 * The canonical error codes, gRPC's status codes spelled as lower snake-case strings.
 *
 * `ok` is absent: success is not an error.
 */
export type Code =
  | "canceled"
  | "unknown"
  | "invalid_argument"
  | "deadline_exceeded"
  | "not_found"
  | "already_exists"
  | "permission_denied"
  | "resource_exhausted"
  | "failed_precondition"
  | "aborted"
  | "out_of_range"
  | "unimplemented"
  | "internal"
  | "unavailable"
  | "data_loss"
  | "unauthenticated";

/** How one {@link Code} is spelled on each wire. */
export interface CodeMapping {
  /** The HTTP status a server answers with. */
  readonly httpStatus: number;
  /** The gRPC status number (`grpc.status.*`). */
  readonly grpcStatus: number;
  /** The JSON-RPC 2.0 `error.code`. */
  readonly jsonRpcCode: number;
}

const row = (httpStatus: number, grpcStatus: number, jsonRpcCode = -32000 - grpcStatus) =>
  Object.freeze({ httpStatus, grpcStatus, jsonRpcCode });

/**
 * The one table that maps every {@link Code} to an HTTP status, a gRPC status number and a
 * JSON-RPC error code. Every transport answers through it, so a code means the same on every
 * wire.
 *
 * HTTP statuses follow grpc-gateway's mapping. JSON-RPC uses the specification's codes where one
 * fits (`invalid_argument` -32602, `unimplemented` -32601, `internal` -32603) and otherwise the
 * server-error range: `-32000 - grpcStatus` (so `unavailable` is -32014).
 *
 * @example
 * reply.status(codeTable[err.code].httpStatus);
 */
export const codeTable: Readonly<Record<Code, CodeMapping>> = Object.freeze({
  canceled: row(499, 1),
  unknown: row(500, 2),
  invalid_argument: row(400, 3, -32602),
  deadline_exceeded: row(504, 4),
  not_found: row(404, 5),
  already_exists: row(409, 6),
  permission_denied: row(403, 7),
  resource_exhausted: row(429, 8),
  failed_precondition: row(400, 9),
  aborted: row(409, 10),
  out_of_range: row(400, 11),
  unimplemented: row(501, 12, -32601),
  internal: row(500, 13, -32603),
  unavailable: row(503, 14),
  data_loss: row(500, 15),
  unauthenticated: row(401, 16),
});

/** Every code, in gRPC status order. */
export const codes: readonly Code[] = Object.freeze(Object.keys(codeTable) as Code[]);

const byGrpcStatus = new Map<number, Code>(codes.map((c) => [codeTable[c].grpcStatus, c]));
const byJsonRpcCode = new Map<number, Code>(codes.map((c) => [codeTable[c].jsonRpcCode, c]));

/** Tells whether `value` is one of the canonical {@link Code}s. */
export function isCode(value: unknown): value is Code {
  return typeof value === "string" && Object.hasOwn(codeTable, value);
}

/**
 * The code for a gRPC status number: the inverse of `codeTable[c].grpcStatus`.
 * Numbers outside gRPC's set (and 0, `OK`) give `unknown`.
 */
export function codeFromGrpcStatus(status: number): Code {
  return byGrpcStatus.get(status) ?? "unknown";
}

/**
 * The code for a JSON-RPC `error.code`: the inverse of `codeTable[c].jsonRpcCode`, plus the
 * specification's parse error (-32700) and invalid request (-32600) as `invalid_argument`.
 * Anything else gives `unknown`.
 */
export function codeFromJsonRpcCode(jsonRpcCode: number): Code {
  if (jsonRpcCode === -32700 || jsonRpcCode === -32600) return "invalid_argument";
  return byJsonRpcCode.get(jsonRpcCode) ?? "unknown";
}

const byHttpStatus: ReadonlyMap<number, Code> = new Map<number, Code>([
  [400, "invalid_argument"],
  [401, "unauthenticated"],
  [403, "permission_denied"],
  [404, "not_found"],
  [405, "unimplemented"],
  [408, "deadline_exceeded"],
  [409, "already_exists"],
  [412, "failed_precondition"],
  [413, "resource_exhausted"],
  [415, "invalid_argument"],
  [429, "resource_exhausted"],
  [499, "canceled"],
  [500, "internal"],
  [501, "unimplemented"],
  [502, "unavailable"],
  [503, "unavailable"],
  [504, "deadline_exceeded"],
]);

/**
 * The code a client reports for a non-2xx HTTP status. Each status in {@link codeTable} maps back
 * to its code (where two codes share a status, to the more common one: 400 is
 * `invalid_argument`, 409 `already_exists`, 500 `internal`); other 4xx give
 * `failed_precondition`, other 5xx `unavailable`, anything else `unknown`.
 */
export function codeFromHttpStatus(status: number): Code {
  const code = byHttpStatus.get(status);
  if (code) return code;
  if (status >= 400 && status < 500) return "failed_precondition";
  if (status >= 500 && status < 600) return "unavailable";
  return "unknown";
}
