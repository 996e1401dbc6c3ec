import type { Context, Endpoint } from "@kit/endpoint";
import { failure, withValue } from "@kit/endpoint";
import type { Context as OtelContext, Span } from "@opentelemetry/api";
import { context } from "@opentelemetry/api";
import { tracingKey } from "./key.js";
import { recordError } from "./record-error.js";

/**
 * Calls `next` with `otel` as OpenTelemetry's active context and in the kit context (see
 * {@link tracingKey}), and ends `span` when the call settles: a rejection is recorded on the span
 * and passed on unchanged, a `Failer` response's error recorded and the response returned.
 * Never throws: a synchronous throw of `next` is handled as a rejection. Not an async function:
 * two reactions on the call's promise cost less than an async frame on every call.
 */
export function callInSpan<Req, Res>(
  span: Span,
  otel: OtelContext,
  next: Endpoint<Req, Res>,
  ctx: Context,
  request: Req,
): Promise<Res> {
  let pending: Promise<Res>;
  try {
    pending = context.with(otel, next, undefined, withValue(ctx, tracingKey, { otel }), request);
  } catch (err) {
    pending = Promise.reject(err);
  }
  return pending.then(
    (response) => {
      try {
        const failed = failure(response);
        if (failed !== undefined) recordError(span, failed);
        return response;
      } catch (err) {
        recordError(span, err);
        throw err;
      } finally {
        span.end();
      }
    },
    (err: unknown) => {
      try {
        recordError(span, err);
      } finally {
        span.end();
      }
      throw err;
    },
  );
}
