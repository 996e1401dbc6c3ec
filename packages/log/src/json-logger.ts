import type { Logger } from "@kit/endpoint";
import { keyCache } from "./key-cache.js";
import { type BigintStyle, safeJson } from "./safe-json.js";
import { isValuer } from "./valuer.js";
import { createWriter, type Encoding, type WriteStream } from "./writer.js";

/**
 * Options for {@link jsonLogger}.
 *
 * @example
 * const options: JsonLoggerOptions = { bigint: "number" };
 */
export interface JsonLoggerOptions {
  /**
   * How a `bigint` is written: `"string"` (default) as a JSON string of its digits, exact for
   * every reader; `"number"` as a bare JSON number, exact in the text but rounded by
   * `JSON.parse` beyond 2^53.
   */
  bigint?: BigintStyle;
}

const jsonKey = keyCache((key) => `${JSON.stringify(key)}:`);

function jsonValue(value: unknown, bigint: BigintStyle): string {
  switch (typeof value) {
    case "string":
      return JSON.stringify(value);
    case "number":
      return Number.isFinite(value) ? String(value) : JSON.stringify(String(value));
    case "boolean":
      return String(value);
    case "bigint":
      return bigint === "string" ? `"${value}"` : String(value);
    case "undefined":
      return "null";
    case "symbol":
      return JSON.stringify(value.toString());
    case "function":
      return isValuer(value)
        ? jsonValue(value(), bigint)
        : JSON.stringify(`[function ${value.name}]`);
    default:
      if (value === null) return "null";
      if (value instanceof Error) return JSON.stringify(value.message);
      return safeJson(value, bigint);
  }
}

/**
 * A {@link Logger} that writes each record as one JSON object per line to `stream`, keys in the
 * record's order (go-kit's `log.NewJSONLogger`).
 *
 * Values: strings, finite numbers, booleans and `null` as JSON; `undefined` as `null`; `NaN` and
 * `Infinity` as strings; a bigint per `options.bigint`; an `Error` as its message (nested ones
 * too); a `Date` as its RFC 3339 UTC string; a {@link Valuer} as what it returns; objects through
 * `JSON.stringify` (so `toJSON` applies) with circular references written `"[Circular]"`.
 *
 * Fields bound with {@link withFields} or {@link withPrefix} are serialised once, when bound. A
 * record whose key repeats a bound key is written once (later value, first position), so every
 * line parses to the record. A stream that throws, or a value whose `toJSON` throws, never
 * throws into the caller. Throws a `TypeError` at construction for a stream without `write` or
 * an unknown `bigint` option.
 *
 * @example
 * const logger = jsonLogger(process.stdout);
 * logger.log({ method: "sum", took_ms: 0.41, id: 2n ** 64n });
 * // {"method":"sum","took_ms":0.41,"id":"18446744073709551616"}
 */
export function jsonLogger(stream: WriteStream, options: JsonLoggerOptions = {}): Logger {
  const { bigint = "string" } = options;
  if (bigint !== "string" && bigint !== "number")
    throw new TypeError(`jsonLogger: bigint must be "string" or "number", got ${String(bigint)}`);
  const encoding: Encoding = {
    pair: (key, value) => jsonKey(key) + jsonValue(value, bigint),
    open: "{",
    sep: ",",
    close: "}\n",
  };
  return createWriter(stream, encoding, "jsonLogger");
}
