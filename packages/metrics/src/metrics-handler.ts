import type { PrometheusRegistry } from "./prometheus.js";

/** The part of a fastify `FastifyReply` the handler uses. */
export interface FastifyReplyLike {
  code(statusCode: number): unknown;
  header(name: string, value: string): unknown;
  send(payload: string): unknown;
}

/** The part of a node:http `ServerResponse` the handler uses. */
export interface ServerResponseLike {
  writeHead(statusCode: number, headers: Record<string, string>): unknown;
  end(body: string): unknown;
}

/**
 * A request handler that answers with a registry's exposition text. Fits a fastify route
 * (`app.get("/metrics", handler)`) and `http.createServer(handler)` alike; the request is not
 * read.
 */
export type MetricsHandler = (
  request: unknown,
  reply: FastifyReplyLike | ServerResponseLike,
) => Promise<unknown>;

function isFastifyReply(reply: FastifyReplyLike | ServerResponseLike): reply is FastifyReplyLike {
  return typeof (reply as FastifyReplyLike).send === "function";
}

/**
 * Serves `registry` for Prometheus to scrape (go-kit's `promhttp.Handler()`): answers 200 with
 * the exposition text and the registry's `Content-Type`, or 500 with a short text message when
 * collecting fails (a collect callback threw). Works as a fastify route handler and as a plain
 * node:http request listener.
 *
 * @example
 * const handler = metricsHandler(registry);
 * app.get("/metrics", handler);                 // fastify
 * http.createServer(handler).listen(9100);      // node:http
 */
export function metricsHandler(
  registry: Pick<PrometheusRegistry, "metrics" | "contentType">,
): MetricsHandler {
  if (typeof registry !== "object" || registry === null || typeof registry.metrics !== "function")
    throw new TypeError("metricsHandler: registry must be a prom-client Registry");
  return async (_request, reply) => {
    let status = 200;
    let body: string;
    let type = registry.contentType;
    try {
      body = await registry.metrics();
    } catch {
      status = 500;
      body = "metrics collection failed\n";
      type = "text/plain; charset=utf-8";
    }
    if (isFastifyReply(reply)) {
      reply.code(status);
      reply.header("content-type", type);
      return reply.send(body);
    }
    reply.writeHead(status, { "content-type": type });
    reply.end(body);
    return undefined;
  };
}
