/**
 * Real servers on free loopback ports for the round-trip tests: a fastify app serving one kit
 * route through @kit/transport-http, a grpc-js server serving echo.Echo through
 * @kit/transport-grpc, and a node:http receiver that collects what a Zipkin exporter POSTs.
 */
import { createServer as createHttpServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import * as grpc from "@grpc/grpc-js";
import { httpTransport } from "@kit/transport-http";
import type { FastifyInstance, RouteOptions } from "fastify";
import fastify from "fastify";

export const echoProto = join(__dirname, "echo.proto");

/** echo.SayRequest / echo.SayReply as proto-loader gives them. */
export interface Say {
  text: string;
}

/** Serves `routes` through the kit plugin on 127.0.0.1:0; returns the app and its base URL. */
export async function serveHttp(
  routes: RouteOptions[],
): Promise<{ app: FastifyInstance; base: string }> {
  const app = fastify();
  await app.register(httpTransport, { routes });
  await app.listen({ port: 0, host: "127.0.0.1" });
  const { port } = app.server.address() as AddressInfo;
  return { app, base: `http://127.0.0.1:${port}` };
}

/** A grpc-js server on 127.0.0.1:0 with what `register` adds. Stop it with `forceShutdown()`. */
export function serveGrpc(
  register: (server: grpc.Server) => void,
): Promise<{ server: grpc.Server; address: string }> {
  const server = new grpc.Server();
  register(server);
  return new Promise((resolve, reject) => {
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, port) => {
      if (err) reject(err);
      else resolve({ server, address: `127.0.0.1:${port}` });
    });
  });
}

/** A node:http server that parses every POSTed JSON body, as a Zipkin collector would. */
export interface Receiver {
  readonly url: string;
  /** Every body received, parsed. */
  readonly bodies: unknown[];
  close(): Promise<void>;
}

/** Starts a {@link Receiver} on 127.0.0.1:0 answering 202 like Zipkin's `/api/v2/spans`. */
export async function startReceiver(): Promise<Receiver> {
  const bodies: unknown[] = [];
  const server: Server = createHttpServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      bodies.push(JSON.parse(Buffer.concat(chunks).toString("utf8")));
      res.writeHead(202).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/v2/spans`,
    bodies,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
