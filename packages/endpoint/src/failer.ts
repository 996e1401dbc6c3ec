/**
 * A response that can carry a business error (go-kit's `endpoint.Failer`): the call succeeded at
 * the transport level, but the service said no. Encoders and middlewares check it with
 * {@link isFailer} and {@link failure}.
 *
 * @example
 * class SumResponse implements Failer {
 *   constructor(readonly v: number, readonly err?: Error) {}
 *   failed() { return this.err; }
 * }
 */
export interface Failer {
  /** The business error this response carries, or `undefined` when it succeeded. */
  failed(): Error | undefined;
}

/** Tells whether `value` implements {@link Failer}. */
export function isFailer(value: unknown): value is Failer {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { failed?: unknown }).failed === "function"
  );
}

/**
 * The business error a response carries: `value.failed()` for a {@link Failer}, else
 * `undefined`.
 *
 * @example
 * const err = failure(res); if (err) reply.status(400);
 */
export function failure(value: unknown): Error | undefined {
  return isFailer(value) ? value.failed() : undefined;
}
