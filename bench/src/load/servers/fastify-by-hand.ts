// Raw fastify doing addsvc's full-stack work by hand (see work-by-hand.ts), with no @kit
// package: it separates what that work costs from what the kit adds to it.
import { defaultTextMapGetter } from "@opentelemetry/api";
import fastify from "fastify";
import { listenPort } from "./listen-port.js";
import { stackByHand } from "./work-by-hand.js";

/** Starts the hand-written full stack's `POST /sum` on 127.0.0.1, port 0; resolves to the port. */
export async function startFastifyByHand(): Promise<number> {
  const stack = stackByHand();
  const app = fastify();
  app.post("/sum", async (request, reply) => {
    const { a, b } = (request.body ?? {}) as { a?: unknown; b?: unknown };
    let v = 0;
    const outcome = stack(request.headers, defaultTextMapGetter, () => {
      if (typeof a !== "number" || typeof b !== "number") return false;
      v = a + b;
      return true;
    });
    if (outcome === "rate-limited") return reply.code(429).send({ error: "rate limit exceeded" });
    if (outcome === "breaker-open")
      return reply.code(503).send({ error: "circuit breaker is open" });
    if (outcome === "failed") return reply.code(400).send({ error: "a and b must be numbers" });
    return { v };
  });
  await app.listen({ host: "127.0.0.1", port: 0 });
  return listenPort(app.server);
}
