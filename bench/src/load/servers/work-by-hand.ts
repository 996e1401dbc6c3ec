// The work addsvc's full middleware stack does per request, written by hand with the same
// libraries and no @kit package, for the raw servers that measure what that work costs alone.
import type { TextMapGetter } from "@opentelemetry/api";
import { context, ROOT_CONTEXT, SpanKind, trace } from "@opentelemetry/api";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import { Counter, Histogram, Registry } from "prom-client";
import { droppingTracer } from "./dropping-tracer.js";

/** How a request came out: refused before the work, or the work's own verdict. */
export type Outcome = "rate-limited" | "breaker-open" | "ok" | "failed";

/** Runs `work` inside the stack's bookkeeping, the trace read from `carrier` by `getter`. */
export type StackByHand = <C>(carrier: C, getter: TextMapGetter<C>, work: () => boolean) => Outcome;

/** Tokens a second and burst of the limiter: far above any benchmark, as in the kit's rows. */
const limit = 1e9;
/** go-kit's breaker default: open after more than this many consecutive failures. */
const breakerThreshold = 5;
/** A null sink, as the kit rows log into. */
const sink = { write: (_line: string) => true };

/**
 * The full stack's pieces, each done once per request: a token bucket, the breaker's
 * consecutive-failure count, a prom-client counter and histogram by method and success, a logfmt
 * line with an ISO timestamp, and a SERVER span from the load benchmark's dropping SDK tracer,
 * parented by the W3C `traceparent` (read with `@opentelemetry/core`'s propagator; the kit also
 * tries B3) and current while `work` runs. Unlike addsvc, whose observers sit outside the limiter
 * and breaker, a request refused by them is neither counted, logged nor traced here; the benchmark
 * never refuses one, so the happy path is what both rows measure.
 */
export function stackByHand(): StackByHand {
  const tracer = droppingTracer("addsvc");
  const w3c = new W3CTraceContextPropagator();
  const registry = new Registry();
  const labelNames = ["method", "success"] as const;
  const requests = new Counter({
    name: "requests_total",
    help: "-",
    labelNames,
    registers: [registry],
  });
  const latency = new Histogram({
    name: "duration_seconds",
    help: "-",
    labelNames,
    registers: [registry],
  });
  const spanOptions = { kind: SpanKind.SERVER };
  let tokens = limit;
  let refilledAt = performance.now();
  let consecutiveFailures = 0;

  return (carrier, getter, work) => {
    const t0 = performance.now();
    tokens = Math.min(limit, tokens + ((t0 - refilledAt) / 1000) * limit);
    refilledAt = t0;
    if (tokens < 1) return "rate-limited";
    tokens -= 1;
    if (consecutiveFailures > breakerThreshold) return "breaker-open";
    const parent = w3c.extract(ROOT_CONTEXT, carrier, getter);
    const span = tracer.startSpan("Sum", spanOptions, parent);
    const ok = context.with(trace.setSpan(parent, span), work);
    span.end();
    consecutiveFailures = ok ? 0 : consecutiveFailures + 1;
    const labels = { method: "sum", success: ok ? "true" : "false" };
    requests.inc(labels);
    const took = performance.now() - t0;
    latency.observe(labels, took / 1000);
    sink.write(`ts=${new Date().toISOString()} method=sum took_ms=${took.toFixed(3)}\n`);
    return ok ? "ok" : "failed";
  };
}
