import type { Metadata, ReadonlyMetadata } from "@kit/endpoint";
import type { TextMapGetter, TextMapSetter } from "@opentelemetry/api";

/**
 * Reads a propagation header from kit {@link ReadonlyMetadata} (the incoming metadata a server
 * transport stored): one value as a string, several as an array, none as `undefined`. Names are
 * case-insensitive, as in the metadata itself.
 *
 * @example
 * const parent = propagation.extract(ROOT_CONTEXT, incomingMetadata(ctx), metadataGetter);
 */
export const metadataGetter: TextMapGetter<ReadonlyMetadata> = Object.freeze({
  get(carrier: ReadonlyMetadata, key: string): string | string[] | undefined {
    const values = carrier.getAll(key);
    if (values.length === 0) return undefined;
    return values.length === 1 ? values[0] : [...values];
  },
  keys(carrier: ReadonlyMetadata): string[] {
    return [...carrier.keys()];
  },
});

/**
 * Writes a propagation header into a kit {@link Metadata}, replacing any earlier value of that
 * name (so a retried or nested call never sends two `traceparent`s).
 *
 * @example
 * const md = outgoingMetadata(ctx).clone();
 * propagation.inject(otelContext, md, metadataSetter);
 */
export const metadataSetter: TextMapSetter<Metadata> = Object.freeze({
  set(carrier: Metadata, key: string, value: string): void {
    carrier.set(key, value);
  },
});
