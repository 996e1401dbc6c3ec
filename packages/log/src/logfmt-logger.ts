import type { Logger } from "@kit/endpoint";
import { keyCache } from "./key-cache.js";
import { safeJson } from "./safe-json.js";
import { isValuer } from "./valuer.js";
import { createWriter, type Encoding, type WriteStream } from "./writer.js";

/** Characters a logfmt key may not hold: controls, space, `=`, `"`, DEL. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: logfmt must escape control characters.
const badKeyChars = /[\u0000-\u0020="\u007f]/g;
/** Characters that force a logfmt value into quotes: controls, space, `=`, `"`, DEL, `\`. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: logfmt must quote control characters.
const needsQuotes = /[\u0000-\u0020="\u007f\\]/;

/**
 * The logfmt spelling of a key: each control character, space, `=` or `"` becomes `_`, and an
 * empty key becomes `_`, so the key always reads back as one token.
 *
 * @example
 * logfmtKey("user id"); // "user_id"
 */
export function logfmtKey(key: string): string {
  if (key === "") return "_";
  return key.replace(badKeyChars, "_");
}

function quote(s: string): string {
  // JSON string escaping is logfmt's: \" \\ \n \r \t, other controls as \u00XX.
  return s === "" || s === "null" || needsQuotes.test(s) ? JSON.stringify(s) : s;
}

/**
 * The logfmt spelling of a value. Strings stay bare unless they are empty, `"null"`, or hold a
 * space, `=`, `"`, `\` or a control character; then they are quoted with `"`, `\\`, `\n`,
 * `\r`, `\t` and `\u00XX` escapes. Other unicode is written as is. Numbers, booleans and bigints
 * are written bare (`NaN`, `Infinity` too); `null` and `undefined` as `null`; a `Date` as RFC
 * 3339 UTC (`toISOString`); an `Error` as its message; a {@link Valuer} as what it returns; a
 * symbol or function by name; any other object as JSON (bigints as strings, circular references
 * as `"[Circular]"`, nested errors as their message), quoted when needed.
 *
 * @example
 * logfmtValue("hello world"); // "\"hello world\""
 * logfmtValue(new Error("boom")); // "boom"
 */
export function logfmtValue(value: unknown): string {
  switch (typeof value) {
    case "string":
      return quote(value);
    case "number":
    case "boolean":
    case "bigint":
      return String(value);
    case "undefined":
      return "null";
    case "symbol":
      return quote(value.toString());
    case "function":
      return isValuer(value) ? logfmtValue(value()) : quote(`[function ${value.name}]`);
    default:
      if (value === null) return "null";
      if (value instanceof Date)
        return Number.isNaN(value.getTime()) ? quote("Invalid Date") : value.toISOString();
      if (value instanceof Error) return quote(value.message);
      return quote(safeJson(value, "string"));
  }
}

const logfmtKeyEq = keyCache((key) => `${logfmtKey(key)}=`);

const logfmt: Encoding = {
  pair: (key, value) => logfmtKeyEq(key) + logfmtValue(value),
  open: "",
  sep: " ",
  close: "\n",
};

/**
 * A {@link Logger} that writes each record as one logfmt line (`key=value key2="a b"\n`) to
 * `stream`, keys in the record's order (go-kit's `log.NewLogfmtLogger`). See
 * {@link logfmtValue} for how values are spelled and {@link logfmtKey} for keys.
 *
 * Fields bound with {@link withFields} or {@link withPrefix} are rendered once, when bound. A
 * record whose key repeats a bound key is written once, with the later value in the bound key's
 * place. Each record is one `stream.write` call; a stream that throws, or a value that cannot be
 * rendered, drops the record (a logger never throws). Throws a `TypeError` at construction when
 * `stream` has no `write` method.
 *
 * @example
 * const logger = logfmtLogger(process.stdout);
 * logger.log({ method: "sum", took_ms: 0.41, msg: "hello world" });
 * // method=sum took_ms=0.41 msg="hello world"
 */
export function logfmtLogger(stream: WriteStream): Logger {
  return createWriter(stream, logfmt, "logfmtLogger");
}
