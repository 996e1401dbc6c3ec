import type { Context } from "./context.js";
import { withValue } from "./context.js";
import { sharedKey } from "./key.js";

/**
 * Read access to header-like metadata: names are case-insensitive, each name holds one or more
 * string values in insertion order. Contexts hold metadata read-only; derive a changed copy with
 * `clone()`.
 */
export interface ReadonlyMetadata {
  /** The first value for `name`, or `undefined`. */
  get(name: string): string | undefined;
  /** Every value for `name`, in order (empty when absent). */
  getAll(name: string): readonly string[];
  /** Whether `name` has at least one value. */
  has(name: string): boolean;
  /** The lower-cased names present. */
  keys(): IterableIterator<string>;
  /** One `[name, value]` pair per value, names lower-cased. */
  entries(): IterableIterator<[string, string]>;
  /** The number of distinct names. */
  readonly size: number;
  /** A mutable copy. */
  clone(): Metadata;
  /** A plain object `{ name: values[] }`, for logs and JSON. */
  toJSON(): Record<string, string[]>;
}

/** Mutable {@link ReadonlyMetadata}: what transports build and clients fill before a call. */
export interface Metadata extends ReadonlyMetadata {
  /** Replaces every value of `name` with `value` (or `values`). Returns this. */
  set(name: string, value: string | readonly string[]): this;
  /** Adds `value` after the existing values of `name`. Returns this. */
  append(name: string, value: string): this;
  /** Removes `name`. Returns whether it was present. */
  delete(name: string): boolean;
}

/** What {@link createMetadata} accepts: pairs, or an object of a value or values per name. */
export type MetadataInit =
  | Iterable<readonly [string, string]>
  | Readonly<Record<string, string | readonly string[] | undefined>>;

class MapMetadata implements Metadata {
  private readonly map = new Map<string, string[]>();

  get size(): number {
    return this.map.size;
  }
  get(name: string): string | undefined {
    return this.map.get(name.toLowerCase())?.[0];
  }
  getAll(name: string): readonly string[] {
    return this.map.get(name.toLowerCase()) ?? [];
  }
  has(name: string): boolean {
    return this.map.has(name.toLowerCase());
  }
  keys(): IterableIterator<string> {
    return this.map.keys();
  }
  *entries(): IterableIterator<[string, string]> {
    for (const [name, values] of this.map) for (const value of values) yield [name, value];
  }
  set(name: string, value: string | readonly string[]): this {
    const values = typeof value === "string" ? [value] : [...value];
    if (values.length === 0) this.map.delete(name.toLowerCase());
    else this.map.set(name.toLowerCase(), values);
    return this;
  }
  append(name: string, value: string): this {
    const key = name.toLowerCase();
    const values = this.map.get(key);
    if (values) values.push(value);
    else this.map.set(key, [value]);
    return this;
  }
  delete(name: string): boolean {
    return this.map.delete(name.toLowerCase());
  }
  clone(): Metadata {
    const copy = new MapMetadata();
    for (const [name, values] of this.map) copy.map.set(name, [...values]);
    return copy;
  }
  toJSON(): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const [name, values] of this.map) out[name] = [...values];
    return out;
  }
}

/**
 * Makes a {@link Metadata} map, optionally filled from pairs or an object.
 *
 * @example
 * const md = createMetadata({ "X-Request-Id": "r-42", accept: ["a/b", "c/d"] });
 * md.get("x-request-id"); // "r-42"
 */
export function createMetadata(init?: MetadataInit): Metadata {
  const md = new MapMetadata();
  if (!init) return md;
  if (Symbol.iterator in init) {
    for (const [name, value] of init as Iterable<readonly [string, string]>) md.append(name, value);
    return md;
  }
  for (const [name, value] of Object.entries(init)) if (value !== undefined) md.set(name, value);
  return md;
}

const emptyMetadata: ReadonlyMetadata = createMetadata();

/** Context key of the metadata a server transport received (request headers, gRPC metadata). */
export const incomingMetadataKey = sharedKey<ReadonlyMetadata>("incomingMetadata");
/** Context key of the metadata a client transport sends with its call. */
export const outgoingMetadataKey = sharedKey<ReadonlyMetadata>("outgoingMetadata");

/** The metadata the server transport received with this request (empty when none). */
export function incomingMetadata(ctx: Context): ReadonlyMetadata {
  return ctx.value(incomingMetadataKey) ?? emptyMetadata;
}

/** The metadata client transports will send from this context (empty when none). */
export function outgoingMetadata(ctx: Context): ReadonlyMetadata {
  return ctx.value(outgoingMetadataKey) ?? emptyMetadata;
}

/** Derives a context carrying `md` as incoming metadata. Server transports call this. */
export function withIncomingMetadata(ctx: Context, md: ReadonlyMetadata): Context {
  return withValue(ctx, incomingMetadataKey, md);
}

/** Derives a context whose outgoing metadata is `md`, replacing any before. */
export function withOutgoingMetadata(ctx: Context, md: ReadonlyMetadata): Context {
  return withValue(ctx, outgoingMetadataKey, md);
}

/**
 * Derives a context whose outgoing metadata is the current one plus `values` (appended; the
 * parent's metadata is left untouched). Client middlewares such as tracing use it to add headers.
 *
 * @example
 * const ctx2 = appendOutgoingMetadata(ctx, { traceparent: header });
 */
export function appendOutgoingMetadata(ctx: Context, values: MetadataInit): Context {
  const md = outgoingMetadata(ctx).clone();
  for (const [name, value] of createMetadata(values).entries()) md.append(name, value);
  return withOutgoingMetadata(ctx, md);
}
