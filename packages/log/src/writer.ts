import type { Logger } from "@kit/endpoint";
import { type Bindable, type BindPosition, bindFields, combine, type Fields } from "./fields.js";
import { isValuer } from "./valuer.js";

/**
 * Anything with a `write(string)` method: `process.stdout`, a file stream, a test buffer.
 *
 * @example
 * const lines: string[] = [];
 * const stream: WriteStream = { write: (s) => lines.push(s) };
 */
export interface WriteStream {
  /** Writes one chunk: one whole record, ending in `"\n"`. */
  write(chunk: string): unknown;
}

/** A record format: how one pair is spelled and how pairs make a line. */
export interface Encoding {
  /** One `key`/`value` pair; evaluates a {@link Valuer} value. */
  pair(key: string, value: unknown): string;
  /** Text before the first pair. */
  readonly open: string;
  /** Text between pairs. */
  readonly sep: string;
  /** Text after the last pair, including the newline. */
  readonly close: string;
}

/**
 * A field whose value a {@link Valuer} computes per record. The pair rendered for the last
 * primitive value is kept, so a value that repeats (a timestamp within one millisecond) is not
 * rendered again.
 */
interface DynamicField {
  readonly key: string;
  readonly value: () => unknown;
  last: unknown;
  lastText: string | undefined;
}

/** A run of pre-rendered pairs, or a field whose value is computed per record. */
type Segment = string | DynamicField;

/** Whether `value` always renders the same way, so its rendering can be reused. */
function isPlain(value: unknown): boolean {
  const t = typeof value;
  return t === "string" || t === "number" || t === "boolean";
}

/** The pair of a dynamic field for this record, reusing the last rendering when it repeats. */
function renderDynamic(encoding: Encoding, seg: DynamicField): string {
  const value = seg.value();
  if (seg.lastText !== undefined && value === seg.last) return seg.lastText;
  const text = encoding.pair(seg.key, value);
  if (isPlain(value)) {
    seg.last = value;
    seg.lastText = text;
  }
  return text;
}

/**
 * A logger that renders records with `encoding` and writes each as one chunk. Bound fields are
 * rendered once, when bound; only {@link Valuer}s among them are evaluated per record.
 */
class Writer implements Bindable {
  private readonly segments: readonly Segment[];
  private readonly boundKeys: ReadonlySet<string>;

  constructor(
    private readonly stream: WriteStream,
    private readonly encoding: Encoding,
    private readonly bound: Fields,
  ) {
    const segments: Segment[] = [];
    let text = "";
    for (const key in bound) {
      const value = bound[key];
      if (isValuer(value)) {
        if (text) segments.push(text);
        text = "";
        segments.push({ key, value, last: undefined, lastText: undefined });
      } else {
        text += (text ? encoding.sep : "") + encoding.pair(key, value);
      }
    }
    if (text) segments.push(text);
    this.segments = segments;
    this.boundKeys = new Set(Object.keys(bound));
  }

  log(fields: Fields): void {
    try {
      const { encoding, boundKeys } = this;
      let own = "";
      for (const key in fields) {
        if (boundKeys.has(key)) {
          this.write(this.render({ ...this.bound, ...fields }, []));
          return;
        }
        own += (own ? encoding.sep : "") + encoding.pair(key, fields[key]);
      }
      this.write(this.render(undefined, this.segments, own));
    } catch {
      // A logger never throws: a record that cannot be rendered is dropped.
    }
  }

  private render(fields: Fields | undefined, segments: readonly Segment[], own = ""): string {
    const { encoding } = this;
    let line = "";
    for (const seg of segments) {
      const text = typeof seg === "string" ? seg : renderDynamic(encoding, seg);
      line += (line ? encoding.sep : "") + text;
    }
    if (fields)
      for (const key in fields)
        line += (line ? encoding.sep : "") + encoding.pair(key, fields[key]);
    if (own) line += (line ? encoding.sep : "") + own;
    return encoding.open + line + encoding.close;
  }

  private write(line: string): void {
    try {
      this.stream.write(line);
    } catch {
      // The stream failed; drop the record rather than throw into the caller.
    }
  }

  [bindFields](fields: Fields, position: BindPosition): Logger {
    return new Writer(this.stream, this.encoding, combine(this.bound, fields, position));
  }
}

/** A {@link Logger} writing each record as one line in `encoding` to `stream`. */
export function createWriter(stream: WriteStream, encoding: Encoding, name: string): Logger {
  if (typeof stream !== "object" || stream === null || typeof stream.write !== "function")
    throw new TypeError(`${name}: stream must have a write(string) method`);
  return new Writer(stream, encoding, {});
}
