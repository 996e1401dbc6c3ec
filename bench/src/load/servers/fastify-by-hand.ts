// Raw fastify doing addsvc's full-stack work by hand, with no @kit package: the same rate limit,
// breaker bookkeeping, Prometheus count and latency, logfmt line and SDK span per request as the
// kit's full stack (the trace context is read as W3C only, where the kit also tries B3). It separates what that work costs from what the kit adds to it.
import { context, defaultTextMapGetter, ROOT_CONTEXT, SpanKind, trace } from "@opentelemetry/api";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import fastify from "fastify";
import { Counter, Histogram, Registry } from "prom-client";
import { droppingTracer } from "./dropping-tracer.js";
import { listenPort } from "./listen-port.js";

/** Tokens a second and burst of the limiter: far above any benchmark, as in the kit's row. */
const limit = 1e9;
/** go-kit's breaker default: open after more than this many consecutive failures. */
const breakerThreshold = 5;

/** A null sink, as the kit row logs into. */
const sink = { write: (_line: string) => true };

/** Starts the hand-written full stack's `POST /sum` on 127.0.0.1, port 0; resolves to the port. */
export async function startFastifyByHand(): Promise<number> {
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
  let tokens = limit;
  let refilledAt = performance.now();
  let consecutiveFailures = 0;

  const app = fastify();
  app.post("/sum", async (request, reply) => {
    const t0 = performance.now();
    // Token bucket: refill by elapsed time, take one.
    tokens = Math.min(limit, tokens + ((t0 - refilledAt) / 1000) * limit);
    refilledAt = t0;
    if (tokens < 1) return reply.code(429).send({ error: "rate limit exceeded" });
    tokens -= 1;
    if (consecutiveFailures > breakerThreshold)
      return reply.code(503).send({ error: "circuit breaker is open" });
    const parent = w3c.extract(ROOT_CONTEXT, request.headers, defaultTextMapGetter);
    const span = tracer.startSpan("Sum", { kind: SpanKind.SERVER }, parent);
    const { a, b } = (request.body ?? {}) as { a?: unknown; b?: unknown };
    const ok = context.with(
      trace.setSpan(parent, span),
      () => typeof a === "number" && typeof b === "number",
    );
    span.end();
    consecutiveFailures = ok ? 0 : consecutiveFailures + 1;
    const labels = { method: "sum", success: ok ? "true" : "false" };
    requests.inc(labels);
    const took = performance.now() - t0;
    latency.observe(labels, took / 1000);
    sink.write(`ts=${new Date().toISOString()} method=sum took_ms=${took.toFixed(3)}\n`);
    if (!ok) return reply.code(400).send({ error: "a and b must be numbers" });
    return { v: (a as number) + (b as number) };
  });
  await app.listen({ host: "127.0.0.1", port: 0 });
  return listenPort(app.server);
}
