import { Server as GrpcServer, ServerCredentials } from "@grpc/grpc-js";
import type { Logger } from "@kit/endpoint";
import { nopLogger } from "@kit/endpoint";
import { metricsHandler } from "@kit/metrics";
import { httpTransport } from "@kit/transport-http";
import type { Tracer } from "@opentelemetry/api";
import { trace } from "@opentelemetry/api";
import type { FastifyInstance } from "fastify";
import fastify from "fastify";
import { Registry } from "prom-client";
import { addMetrics, withObservability } from "./endpoint/observability.js";
import type { Limits } from "./endpoint/resilience.js";
import { goKitLimits, withResilience } from "./endpoint/resilience.js";
import type { AddEndpoints } from "./endpoint/set.js";
import { makeEndpoints } from "./endpoint/set.js";
import type { ListenAddress } from "./listen-address.js";
import { formatAddress } from "./listen-address.js";
import type { Announcement, ConsulRegistration, EtcdRegistration } from "./registration.js";
import { announce } from "./registration.js";
import type { AddService } from "./service/service.js";
import { addService } from "./service/service.js";
import { loadAddService, registerGrpcServer } from "./transport/grpc.js";
import { httpRoutes } from "./transport/http.js";
import { jsonRpcHandler } from "./transport/jsonrpc.js";

/**
 * The largest request body the HTTP and JSON-RPC listeners read (413 above it). addsvc's requests
 * are a few dozen bytes; a small limit bounds what one request can cost the exact int64 parser.
 */
export const maxBodyBytes = 64 * 1024;

/** Where addsvc listens; a missing address turns that listener off. */
export interface AddsvcOptions {
  /** Health and metrics listener: `GET /health`, `GET /metrics` (Prometheus). */
  readonly debug?: ListenAddress;
  /** HTTP/JSON listener: `POST /sum`, `POST /concat`. */
  readonly http?: ListenAddress;
  /** gRPC listener: `pb.Add`. */
  readonly grpc?: ListenAddress;
  /** JSON-RPC 2.0 listener, on every path. */
  readonly jsonrpc?: ListenAddress;
  /** Path of addsvc.proto. */
  readonly protoPath: string;
  /** The service behind the endpoints. Default: {@link addService}'s plain implementation. */
  readonly service?: AddService;
  /** Rate limits of the endpoints. Default: go-kit addsvc's, {@link goKitLimits}. */
  readonly limits?: Limits;
  /** Where each request is logged. Default: nowhere. */
  readonly logger?: Logger;
  /** Where `/metrics` comes from. Default: a new registry. */
  readonly registry?: Registry;
  /** Traces requests. Default: OpenTelemetry's no-op tracer. */
  readonly tracer?: Tracer;
  /** The endpoints to serve, instead of the service's wrapped with limits, breakers and observers. */
  readonly endpoints?: AddEndpoints;
  /**
   * Registers the HTTP and gRPC listeners that are on in etcd once every listener is up, and
   * deregisters them on `close()` before the listeners close. Default: no registration.
   */
  readonly etcd?: EtcdRegistration;
  /**
   * Registers the HTTP and gRPC listeners that are on with a Consul agent (TTL checks kept
   * passing), like `etcd`. Default: no registration.
   */
  readonly consul?: ConsulRegistration;
}

export type { ConsulRegistration, EtcdRegistration } from "./registration.js";
export {
  defaultConsulGrpcService,
  defaultConsulService,
  defaultEtcdGrpcPrefix,
  defaultEtcdPrefix,
} from "./registration.js";

/** A running addsvc. */
export interface Addsvc {
  /** The bound address of each listener that is on, as `host:port`. */
  readonly addresses: Readonly<Partial<Record<"debug" | "http" | "grpc" | "jsonrpc", string>>>;
  /** Stops accepting, lets in-flight requests finish, then releases every listener. */
  close(): Promise<void>;
}

/**
 * Starts addsvc's listeners (go-kit's `cmd/addsvc`).
 *
 * @example
 * const svc = await startAddsvc({ http: { host: "127.0.0.1", port: 0 }, protoPath });
 * console.log(svc.addresses.http); await svc.close();
 */
export async function startAddsvc(options: AddsvcOptions): Promise<Addsvc> {
  const registry = options.registry ?? new Registry();
  const endpoints =
    options.endpoints ??
    withObservability(
      withResilience(makeEndpoints(options.service ?? addService()), options.limits ?? goKitLimits),
      {
        metrics: addMetrics(registry),
        tracer: options.tracer ?? trace.getTracer("addsvc"),
        logger: options.logger ?? nopLogger,
      },
    );
  const addresses: Partial<Record<"debug" | "http" | "grpc" | "jsonrpc", string>> = {};
  const closers: (() => Promise<void>)[] = [];
  let announcement: Announcement | undefined;
  try {
    if (options.debug) {
      const app = fastify();
      app.get("/health", async () => ({ status: "ok" }));
      app.get("/metrics", metricsHandler(registry));
      addresses.debug = await listen(app, options.debug, closers);
    }
    if (options.http) {
      const app = fastify();
      await app.register(httpTransport, { routes: httpRoutes(endpoints), bodyLimit: maxBodyBytes });
      addresses.http = await listen(app, options.http, closers);
    }
    if (options.jsonrpc) {
      const app = fastify();
      const handler = jsonRpcHandler(endpoints);
      await app.register(httpTransport, {
        routes: [
          { method: "POST", url: "/", handler },
          { method: "POST", url: "/*", handler },
        ],
        bodyLimit: maxBodyBytes,
      });
      addresses.jsonrpc = await listen(app, options.jsonrpc, closers);
    }
    if (options.grpc) {
      const server = new GrpcServer();
      registerGrpcServer(server, loadAddService(options.protoPath), endpoints);
      const port = await bindGrpc(server, options.grpc);
      closers.push(() => new Promise((resolve) => server.tryShutdown(() => resolve())));
      addresses.grpc = formatAddress({ host: options.grpc.host, port });
    }
    if (options.etcd || options.consul) {
      announcement = await announce(
        { etcd: options.etcd, consul: options.consul },
        { http: addresses.http, grpc: addresses.grpc },
        options.logger ?? nopLogger,
      );
    }
  } catch (err) {
    await Promise.all(closers.map((close) => close()));
    throw err;
  }
  let closing: Promise<void> | undefined;
  return {
    addresses,
    close: () => {
      closing ??= (async () => {
        // Leave the rotation first, so gateways stop sending before the listeners go.
        try {
          await announcement?.withdraw();
        } finally {
          await Promise.all(closers.map((close) => close()));
        }
      })();
      return closing;
    },
  };
}

async function listen(
  app: FastifyInstance,
  at: ListenAddress,
  closers: (() => Promise<void>)[],
): Promise<string> {
  await app.listen({ host: at.host, port: at.port });
  closers.push(() => {
    // In-flight requests finish; their keep-alive connections then close at once instead of
    // holding the close for fastify's 72 s keep-alive timeout.
    app.server.keepAliveTimeout = 1;
    return app.close();
  });
  const bound = app.server.address();
  const port = typeof bound === "object" && bound ? bound.port : at.port;
  return formatAddress({ host: at.host, port });
}

function bindGrpc(server: GrpcServer, at: ListenAddress): Promise<number> {
  return new Promise((resolve, reject) => {
    server.bindAsync(formatAddress(at), ServerCredentials.createInsecure(), (err, port) =>
      err ? reject(err) : resolve(port),
    );
  });
}
