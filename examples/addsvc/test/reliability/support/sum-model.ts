/**
 * The add service's rules, written out again from go-kit addsvc's specification, as the oracle
 * the reliability tests check answers against.
 */

const intMax = 2n ** 31n - 1n;
const intMin = -(2n ** 31n);
const int64Min = -(2n ** 63n);
const int64Max = 2n ** 63n - 1n;

/** What a sum should give: a value, or the business error's message. */
export type Outcome = { readonly v: bigint } | { readonly error: string };

/** The outcome of `sum(a, b)` for two int64 operands. */
export function expectedSum(a: bigint, b: bigint): Outcome {
  if (a === 0n && b === 0n) return { error: "can't sum two zeroes" };
  if ((b > 0n && a > intMax - b) || (b < 0n && a < intMin - b))
    return { error: "integer overflow" };
  return { v: a + b };
}

/** The outcome of `concat(a, b)`: at most 10 UTF-8 bytes together. */
export function expectedConcat(a: string, b: string): { v: string } | { error: string } {
  if (Buffer.byteLength(a) + Buffer.byteLength(b) > 10)
    return { error: "result exceeds maximum size" };
  return { v: a + b };
}

/** Whether `n` fits in an int64. */
export function isInt64(n: bigint): boolean {
  return n >= int64Min && n <= int64Max;
}
