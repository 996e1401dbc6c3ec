import type { IncomingHttpHeaders } from "node:http";
import type { Metadata, ReadonlyMetadata } from "@kit/endpoint";
import { createMetadata } from "@kit/endpoint";

/**
 * Read-only {@link ReadonlyMetadata} over Node's request headers, without copying them: Node
 * already lower-cases the names, so a lookup is one property read. `clone()` makes a real copy.
 */
class HeadersMetadata implements ReadonlyMetadata {
  constructor(private readonly headers: IncomingHttpHeaders) {}

  get size(): number {
    return Object.keys(this.headers).length;
  }
  get(name: string): string | undefined {
    const value = this.headers[name.toLowerCase()];
    if (typeof value === "string") return value;
    return Array.isArray(value) ? value[0] : undefined;
  }
  getAll(name: string): readonly string[] {
    const value = this.headers[name.toLowerCase()];
    if (typeof value === "string") return [value];
    return Array.isArray(value) ? value : [];
  }
  has(name: string): boolean {
    const value = this.headers[name.toLowerCase()];
    return typeof value === "string" || Array.isArray(value);
  }
  *keys(): IterableIterator<string> {
    for (const name of Object.keys(this.headers)) if (this.has(name)) yield name;
  }
  *entries(): IterableIterator<[string, string]> {
    for (const name of Object.keys(this.headers))
      for (const value of this.getAll(name)) yield [name, value];
  }
  clone(): Metadata {
    return createMetadata(this.entries());
  }
  toJSON(): Record<string, string[]> {
    return this.clone().toJSON();
  }
}

/**
 * Views HTTP request headers (Node's `IncomingHttpHeaders`, as on `request.headers`) as kit
 * {@link ReadonlyMetadata}, without copying them. {@link createServer} stores this view as the
 * context's incoming metadata; use it in your own fastify handlers to do the same.
 *
 * @example
 * const ctx = withIncomingMetadata(background(), metadataFromHeaders(request.headers));
 * incomingMetadata(ctx).get("X-Request-Id"); // "r-42"
 */
export function metadataFromHeaders(headers: IncomingHttpHeaders): ReadonlyMetadata {
  return new HeadersMetadata(headers);
}

/** Writes every name of `md` into `headers` (lower-cased), replacing what was there. */
export function writeMetadata(
  md: ReadonlyMetadata,
  headers: Record<string, string | string[]>,
): void {
  for (const name of md.keys()) {
    const values = md.getAll(name);
    if (values.length === 1) headers[name] = values[0] as string;
    else if (values.length > 1) headers[name] = [...values];
  }
}
