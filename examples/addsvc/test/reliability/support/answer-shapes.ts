import type { HttpAnswer } from "./http-exchange.js";

/**
 * Asserts that an HTTP answer is one of addsvc's documented error answers: a status from
 * `statuses`, `content-type: application/json`, and a body `{"error": "<non-empty message>"}`.
 * Returns the message.
 */
export function expectHttpError(res: HttpAnswer, statuses: readonly number[]): string {
  if (!statuses.includes(res.status))
    throw new Error(`status ${res.status} is not one of ${statuses.join(", ")}: ${res.text}`);
  expect(String(res.headers["content-type"])).toMatch(/^application\/json/);
  const body = JSON.parse(res.text) as { error?: unknown };
  expect(typeof body).toBe("object");
  expect(typeof body.error).toBe("string");
  expect(body.error).not.toBe("");
  return body.error as string;
}

/** A JSON-RPC error object as addsvc answers it. */
export interface RpcError {
  readonly code: number;
  readonly message: string;
}

/** One JSON-RPC response object, checked for shape: `jsonrpc`, `id`, and `result` xor `error`. */
export interface RpcResponse {
  readonly id: unknown;
  readonly result?: unknown;
  readonly error?: RpcError;
}

/** Asserts that `value` is a well-formed JSON-RPC 2.0 response object and returns it. */
export function expectRpcResponse(value: unknown): RpcResponse {
  expect(typeof value).toBe("object");
  expect(value).not.toBeNull();
  const r = value as Record<string, unknown>;
  expect(r.jsonrpc).toBe("2.0");
  expect(Object.hasOwn(r, "id")).toBe(true);
  expect(Object.hasOwn(r, "result") !== Object.hasOwn(r, "error")).toBe(true);
  if (Object.hasOwn(r, "error")) {
    const e = r.error as Record<string, unknown>;
    expect(Number.isInteger(e.code)).toBe(true);
    expect(typeof e.message).toBe("string");
    expect(e.message).not.toBe("");
  }
  return value as RpcResponse;
}
