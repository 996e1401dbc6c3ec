// The HTTP reference: fastify with its built-in JSON parser, doing parse-add-respond by hand.
import fastify from "fastify";
import { listenPort } from "./listen-port.js";

/** Starts raw fastify's `POST /sum` on 127.0.0.1, port 0; resolves to the port. */
export async function startRawFastify(): Promise<number> {
  const app = fastify();
  app.post("/sum", async (request, reply) => {
    const { a, b } = (request.body ?? {}) as { a?: unknown; b?: unknown };
    if (typeof a !== "number" || typeof b !== "number")
      return reply.code(400).send({ error: "a and b must be numbers" });
    return { v: a + b };
  });
  await app.listen({ host: "127.0.0.1", port: 0 });
  return listenPort(app.server);
}
