import { Metadata as GrpcMetadata } from "@grpc/grpc-js";
import type { Metadata, ReadonlyMetadata } from "@kit/endpoint";
import { createMetadata, KitError } from "@kit/endpoint";

/**
 * Names a client never copies from a kit {@link Metadata} onto a gRPC call: gRPC's own
 * (`grpc-*`), HTTP/2 pseudo-headers (`:*`), and the HTTP headers that belong to a connection or
 * to the gRPC framing. They typically arrive when a gateway forwards an HTTP request's headers.
 */
const skipped = new Set([
  "connection",
  "content-length",
  "content-type",
  "host",
  "keep-alive",
  "proxy-connection",
  "te",
  "transfer-encoding",
  "upgrade",
  "user-agent",
]);

const isSkipped = (name: string) =>
  name.startsWith("grpc-") || name.startsWith(":") || skipped.has(name);

/**
 * Copies gRPC metadata into a kit {@link Metadata} (names lower-cased, every value kept in
 * order). Binary values (keys ending in `-bin`) become standard base64 strings, so nothing is
 * lost and {@link toGrpcMetadata} turns them back into bytes. Server transports call this for
 * the incoming metadata.
 *
 * @example
 * const md = fromGrpcMetadata(call.metadata);
 * md.get("authorization"); // "Bearer ..."
 */
export function fromGrpcMetadata(source: GrpcMetadata): Metadata {
  const md = createMetadata();
  const raw = source.toJSON();
  for (const name in raw) {
    const values = raw[name];
    if (values === undefined) continue;
    for (const value of values)
      md.append(name, typeof value === "string" ? value : value.toString("base64"));
  }
  return md;
}

/**
 * Copies a kit {@link Metadata} onto gRPC metadata (`target`, or a new one). Values under keys
 * ending in `-bin` are read as base64 and sent as bytes. Names gRPC or HTTP/2 reserve (`grpc-*`,
 * `:*`, `content-type`, `te`, `host`, `user-agent`, `connection` and the other hop-by-hop
 * headers) are skipped, so headers forwarded from an HTTP request do not break the call.
 *
 * @throws KitError `internal` when a name or a non-binary value is not legal in gRPC metadata
 *   (names: `0-9 a-z _ . -`; values: printable ASCII).
 * @example
 * const md = toGrpcMetadata(outgoingMetadata(ctx));
 * client.sum(req, md, callback);
 */
export function toGrpcMetadata(
  source: ReadonlyMetadata,
  target: GrpcMetadata = new GrpcMetadata(),
): GrpcMetadata {
  for (const [name, value] of source.entries()) {
    if (isSkipped(name)) continue;
    try {
      target.add(name, name.endsWith("-bin") ? Buffer.from(value, "base64") : value);
    } catch (err) {
      throw new KitError("internal", `metadata "${name}" cannot be sent over gRPC`, {
        cause: err,
      });
    }
  }
  return target;
}
