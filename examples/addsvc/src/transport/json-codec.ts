import { z } from "zod";
import type { FastCheck } from "./fast-schema.js";
import { needsSchema, withFastPath } from "./fast-schema.js";

const int64Min = -(2n ** 63n);
const int64Max = 2n ** 63n - 1n;

/**
 * An int64, as Go's `int` on the wire. The int64 JSON parser gives a `number` for a safe integer
 * and a `bigint` beyond; both become a `bigint`.
 */
const int64 = z
  .union([z.bigint(), z.number().int()], { error: "expected an integer" })
  .transform((n) => BigInt(n))
  .pipe(
    z
      .bigint()
      .min(int64Min, { error: "integer out of int64 range" })
      .max(int64Max, { error: "integer out of int64 range" }),
  );

/**
 * Lower-cases the keys of a plain object, so `{"A":1,"B":2}` (what go-kit's Go client sends:
 * Go matches JSON keys without regard to case) reads like `{"a":1,"b":2}`.
 */
function lowerKeys(value: unknown): unknown {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k.toLowerCase(), v]));
}

/** {@link int64} with its default 0 for what it surely accepts: a safe integer or an int64. */
const int64Member: FastCheck<bigint> = (v) => {
  if (v === undefined) return 0n;
  if (typeof v === "number") return Number.isSafeInteger(v) ? BigInt(v) : needsSchema;
  if (typeof v === "bigint") return v >= int64Min && v <= int64Max ? v : needsSchema;
  return needsSchema;
};

/** `z.string().default("")` for what it surely accepts. */
const stringMember: FastCheck<string> = (v) =>
  v === undefined ? "" : typeof v === "string" ? v : needsSchema;

/** The body of `POST /sum` and the params of JSON-RPC `sum`; a missing operand is 0, as in Go. */
export const sumRequestSchema = withFastPath(
  z.preprocess(lowerKeys, z.object({ a: int64.default(0n), b: int64.default(0n) })),
  { a: int64Member, b: int64Member },
);

/** The body of `POST /concat` and the params of JSON-RPC `concat`; a missing operand is "". */
export const concatRequestSchema = withFastPath(
  z.preprocess(lowerKeys, z.object({ a: z.string().default(""), b: z.string().default("") })),
  { a: stringMember, b: stringMember },
);

/** The answer of `POST /sum`. */
export const sumResponseSchema = withFastPath(
  z.preprocess(lowerKeys, z.object({ v: int64.default(0n) })),
  { v: int64Member },
);

/** The answer of `POST /concat`. */
export const concatResponseSchema = withFastPath(
  z.preprocess(lowerKeys, z.object({ v: z.string().default("") })),
  { v: stringMember },
);
