import { expectedConcat, expectedSum, isInt64 } from "./sum-model.js";

/**
 * What addsvc's JSON-RPC server should answer for one member of a request, reduced to a key
 * (`id|code` or `id|result`), or `undefined` when it should not answer (a valid notification).
 * Written from the JSON-RPC 2.0 specification and addsvc's rules, as the tests' oracle.
 */
export function expectedAnswer(member: unknown): string | undefined {
  if (typeof member !== "object" || member === null || Array.isArray(member))
    return key(null, -32600);
  const m = member as Record<string, unknown>;
  const notification = !Object.hasOwn(m, "id");
  if (!notification && !isId(m.id)) return key(null, -32600);
  const id = notification ? null : m.id;
  if (m.jsonrpc !== "2.0" && m.jsonrpc !== "") return key(id, -32600);
  if (typeof m.method !== "string") return key(id, -32600);
  const outcome =
    m.method === "sum" ? sumOf(m.params) : m.method === "concat" ? concatOf(m.params) : undefined;
  if (notification) return undefined;
  if (outcome === undefined) return key(id, -32601);
  if (outcome === null) return key(id, -32602);
  return `${JSON.stringify(id)}|result:${outcome}`;
}

/** The key of one actual response object, comparable with {@link expectedAnswer}'s. */
export function answerKey(response: {
  id: unknown;
  result?: unknown;
  error?: { code: number };
}): string {
  if (response.error) return key(response.id, response.error.code);
  const v = (response.result as { v?: unknown } | null)?.v;
  return `${JSON.stringify(response.id)}|result:${String(v)}`;
}

function key(id: unknown, code: number): string {
  return `${JSON.stringify(id)}|${code}`;
}

function isId(value: unknown): boolean {
  return (
    value === null ||
    typeof value === "string" ||
    (typeof value === "number" && Number.isFinite(value))
  );
}

/** Lower-cased own keys, the last spelling winning, as addsvc reads params (Go's case rule). */
function operands(params: unknown): Record<string, unknown> | undefined {
  if (typeof params !== "object" || params === null || Array.isArray(params)) return undefined;
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k.toLowerCase(), v]));
}

function int(value: unknown): bigint | undefined {
  if (value === undefined) return 0n;
  if (typeof value !== "number" || !Number.isInteger(value) || Math.abs(value) >= 1e21)
    return undefined;
  const n = BigInt(value);
  return isInt64(n) ? n : undefined;
}

/** The result `v` as text, or `null` for invalid params or a business error (-32602). */
function sumOf(params: unknown): string | null {
  const p = operands(params);
  const a = int(p?.a);
  const b = int(p?.b);
  if (p === undefined || a === undefined || b === undefined) return null;
  const outcome = expectedSum(a, b);
  return "error" in outcome ? null : outcome.v.toString();
}

/** The result `v`, or `null` for invalid params or a business error (-32602). */
function concatOf(params: unknown): string | null {
  const p = operands(params);
  const a = p?.a === undefined ? "" : p.a;
  const b = p?.b === undefined ? "" : p.b;
  if (p === undefined || typeof a !== "string" || typeof b !== "string") return null;
  const outcome = expectedConcat(a, b);
  return "error" in outcome ? null : outcome.v;
}
