import { isInteger, parse, stringify } from "lossless-json";

/**
 * Parses JSON keeping integers exact: an integer beyond `Number.MAX_SAFE_INTEGER` becomes a
 * `bigint`, every other number a `number`. Go's int64 values beyond 2^53 (such as
 * 9007199254740993) survive, and small numbers (JSON-RPC codes and ids) stay numbers.
 *
 * @example
 * parseInt64JSON('{"a":9007199254740993,"b":2}'); // { a: 9007199254740993n, b: 2 }
 */
export function parseInt64JSON(text: string): unknown {
  return parse(text, null, (digits) => {
    const n = Number(digits);
    return isInteger(digits) && !Number.isSafeInteger(n) ? BigInt(digits) : n;
  });
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
