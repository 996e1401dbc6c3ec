/**
 * grpc-js answers `INTERNAL` when a request's bytes do not deserialize, and never calls the
 * handler. A bad request is the caller's fault, so {@link addService} wraps each unary method's
 * deserializer with {@link guardDeserialize}: a failure yields a {@link MalformedRequest} marker
 * instead of throwing, and the handler answers `INVALID_ARGUMENT` (3), "malformed request".
 */

const brand: unique symbol = Symbol.for("@kit/transport-grpc.MalformedRequest") as never;

/**
 * Stands in for a request whose bytes could not be deserialized; `cause` is the deserializer's
 * error, kept for logs.
 */
export interface MalformedRequest {
  readonly [brand]: true;
  readonly cause: unknown;
}

/** The message a server answers a malformed request with. */
export const malformedMessage = "malformed request";

/**
 * Wraps a grpc-js request deserializer so a failure returns a {@link MalformedRequest} instead
 * of throwing.
 *
 * @example
 * const definition = { ...method, requestDeserialize: guardDeserialize(method.requestDeserialize) };
 */
export function guardDeserialize<T>(
  deserialize: (bytes: Buffer) => T,
): (bytes: Buffer) => T | MalformedRequest {
  return (bytes) => {
    try {
      return deserialize(bytes);
    } catch (cause) {
      return { [brand]: true, cause };
    }
  };
}

/**
 * Tells whether a request is the {@link MalformedRequest} marker (from any copy of this package).
 *
 * @example
 * if (isMalformedRequest(call.request)) return callback({ code: 3, details: "malformed request" });
 */
export function isMalformedRequest(value: unknown): value is MalformedRequest {
  return (
    typeof value === "object" && value !== null && (value as { [brand]?: unknown })[brand] === true
  );
}
