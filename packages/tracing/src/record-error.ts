import { isKitError } from "@kit/endpoint";
import type { Span } from "@opentelemetry/api";
import { SpanStatusCode } from "@opentelemetry/api";

/**
 * Marks `span` failed by `err`: status `ERROR` with the error's message, an `exception` event
 * (`recordException`), and `error.type` set to the {@link KitError} code (`"unavailable"`, ...),
 * or else to the error's name (`"TypeError"`), or `"_OTHER"` for a thrown non-error. Used for
 * thrown errors and for a {@link Failer}'s business error alike.
 *
 * @example
 * catch (err) { recordError(span, err); throw err; }
 */
export function recordError(span: Span, err: unknown): void {
  if (!span.isRecording()) return;
  const isError = typeof err === "object" && err !== null;
  const message = isError ? (err as { message?: unknown }).message : undefined;
  const name = isError ? (err as { name?: unknown }).name : undefined;
  const type = isKitError(err) ? err.code : typeof name === "string" && name ? name : "_OTHER";
  span.setAttribute("error.type", type);
  span.recordException(err instanceof Error ? err : String(err));
  span.setStatus(
    typeof message === "string"
      ? { code: SpanStatusCode.ERROR, message }
      : { code: SpanStatusCode.ERROR, message: String(err) },
  );
}
