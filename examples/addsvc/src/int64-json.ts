import { isInteger, parse, stringify } from "lossless-json";

/** Digits in a row from which an integer may lie beyond `Number.MAX_SAFE_INTEGER` (16 digits). */
const unsafeDigits = 16;
/** Nesting from which the exact parser decides alone (its recursion limit is the reference). */
const maxFastDepth = 32;

/**
 * Parses JSON keeping integers exact: an integer beyond `Number.MAX_SAFE_INTEGER` becomes a
 * `bigint`, every other number a `number`. Go's int64 values beyond 2^53 (such as
 * 9007199254740993) survive, and small numbers (JSON-RPC codes and ids) stay numbers.
 *
 * Text that cannot hold such an integer (no 16 digits in a row), has no duplicate keys and
 * nests shallowly is parsed by `JSON.parse`, which gives the same value faster; anything else,
 * malformed text included, by the exact parser, so its errors and its duplicate-key rule hold.
 *
 * @example
 * parseInt64JSON('{"a":9007199254740993,"b":2}'); // { a: 9007199254740993n, b: 2 }
 */
export function parseInt64JSON(text: string): unknown {
  const members = fastMembers(text);
  if (members >= 0) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return parseExact(text);
    }
    if (countMembers(value) === members) return value;
  }
  return parseExact(text);
}

function parseExact(text: string): unknown {
  return parse(text, null, (digits) => {
    const n = Number(digits);
    return isInteger(digits) && !Number.isSafeInteger(n) ? BigInt(digits) : n;
  });
}

/**
 * The number of object members in `text` (its `:` outside strings) when `JSON.parse` can stand
 * in for the exact parser, else -1: a run of {@link unsafeDigits} digits, or nesting deeper
 * than {@link maxFastDepth}.
 */
function fastMembers(text: string): number {
  let members = 0;
  let digits = 0;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (++digits >= unsafeDigits) return -1;
      continue;
    }
    digits = 0;
    if (c === 34) {
      // A string: skip to its closing quote, over escapes.
      for (i++; i < text.length; i++) {
        const s = text.charCodeAt(i);
        if (s === 92) i++;
        else if (s === 34) break;
      }
    } else if (c === 58) members++;
    else if (c === 123 || c === 91) {
      if (++depth > maxFastDepth) return -1;
    } else if (c === 125 || c === 93) depth--;
  }
  return members;
}

/** Object members in a parsed value, nested ones included. */
function countMembers(value: unknown): number {
  if (typeof value !== "object" || value === null) return 0;
  let n = 0;
  if (Array.isArray(value)) {
    for (const item of value) n += countMembers(item);
    return n;
  }
  for (const key of Object.keys(value))
    n += 1 + countMembers((value as Record<string, unknown>)[key]);
  return n;
}

/**
 * Serialises to JSON with `bigint` values written as plain JSON integers.
 *
 * @example
 * stringifyInt64JSON({ v: 9007199254740993n }); // '{"v":9007199254740993}'
 */
export function stringifyInt64JSON(value: unknown): string {
  return stringify(value) ?? "null";
}
