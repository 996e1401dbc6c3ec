import type { KitError } from "@kit/endpoint";

/**
 * Parses JSON text into a value. `JSON.parse` by default; pass a bigint-aware parser (for
 * example lossless-json's `parse`) to keep 64-bit integers exact.
 *
 * @example
 * const parse: JSONParse = (text) => JSON.parse(text, (_k, v) => v);
 */
export type JSONParse = (text: string) => unknown;

/**
 * Serialises a value to JSON text. `JSON.stringify` by default, which throws on `bigint`; pass
 * one that writes `bigint` as a JSON integer to send 64-bit integers.
 *
 * @example
 * const stringify: JSONStringify = (value) =>
 *   JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? v.toString() : v));
 */
export type JSONStringify = (value: unknown) => string | undefined;

/** `JSON.parse` as a {@link JSONParse}. */
export const defaultParse: JSONParse = (text) => JSON.parse(text);

/** `JSON.stringify` as a {@link JSONStringify}. */
export const defaultStringify: JSONStringify = (value) => JSON.stringify(value);

/**
 * A raw body (the plugin's `Buffer`, or a string) as text; `undefined` for anything else.
 */
export function bodyText(body: unknown): string | undefined {
  if (typeof body === "string") return body;
  if (Buffer.isBuffer(body)) return body.toString("utf8");
  if (body instanceof Uint8Array)
    return Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString("utf8");
  return undefined;
}

/**
 * Parses `text` with `parse`; a failure becomes `onError(message)` (the parser's message kept,
 * since it describes the caller's own input).
 */
export function parseJSON(
  text: string,
  parse: JSONParse,
  onError: (detail: string) => KitError,
): unknown {
  try {
    return parse(text);
  } catch (err) {
    const detail = typeof (err as Error | null)?.message === "string" ? (err as Error).message : "";
    throw onError(detail);
  }
}

/**
 * Whether a `content-type` header value names JSON: `application/json` or any `+json` type,
 * parameters and case ignored.
 */
export function isJSONContentType(value: string): boolean {
  const semi = value.indexOf(";");
  const type = (semi === -1 ? value : value.slice(0, semi)).trim().toLowerCase();
  return type === "application/json" || type.endsWith("+json");
}

/** Stringifies with `stringify`, writing `null` when it returns `undefined`. */
export function toJSON(value: unknown, stringify: JSONStringify): string {
  const text = stringify(value);
  return text === undefined ? "null" : text;
}
