/**
 * How {@link jsonLogger} (and the JSON inside logfmt values) writes a `bigint`: `"string"` as a
 * JSON string of its digits (`"9007199254740993"`, exact for every reader), `"number"` as a bare
 * JSON number (exact in the text, but `JSON.parse` rounds it past 2^53).
 *
 * @example
 * const logger = jsonLogger(process.stdout, { bigint: "number" satisfies BigintStyle });
 */
export type BigintStyle = "string" | "number";

const rawMarker = "\u0000kit-bigint\u0000";
const rawPattern = /"\\u0000kit-bigint\\u0000(-?\d+)"/g;

/**
 * JSON text for `value` that never throws: circular references become `"[Circular]"`, errors
 * their message, bigints per `bigint`, and a value whose `toJSON` throws `"[unserializable]"`.
 * Returns `null` text for `undefined` and functions.
 */
export function safeJson(value: unknown, bigint: BigintStyle): string {
  const ancestors: unknown[] = [];
  let sawRaw = false;
  function replacer(this: unknown, _key: string, v: unknown): unknown {
    if (typeof v === "bigint") {
      if (bigint === "string") return v.toString();
      sawRaw = true;
      return rawMarker + v.toString();
    }
    if (typeof v !== "object" || v === null) return v;
    if (v instanceof Error) return v.message;
    while (ancestors.length > 0 && ancestors[ancestors.length - 1] !== this) ancestors.pop();
    if (ancestors.includes(v)) return "[Circular]";
    ancestors.push(v);
    return v;
  }
  let text: string | undefined;
  try {
    text = JSON.stringify(value, replacer);
  } catch {
    return '"[unserializable]"';
  }
  if (text === undefined) return "null";
  return sawRaw ? text.replace(rawPattern, "$1") : text;
}
