import { defaultIsFailure } from "@kit/circuitbreaker";
import type { Context, Logger } from "@kit/endpoint";
import { isKitError, KitError, nopLogger } from "@kit/endpoint";
import type { Balancer } from "@kit/endpoint/sd";
import { createEndpointer, leastPending, retry, roundRobin } from "@kit/endpoint/sd";
import type {
  AddEndpoints,
  ConcatResponse,
  SumResponse,
} from "@kit/example-addsvc/dist/endpoint/set.js";
import type { ListenAddress } from "@kit/example-addsvc/dist/listen-address.js";
import { formatAddress } from "@kit/example-addsvc/dist/listen-address.js";
import { protoPath as addsvcProto } from "@kit/example-addsvc/dist/proto-path.js";
import { httpRoutes } from "@kit/example-addsvc/dist/transport/http.js";
import { httpTransport } from "@kit/transport-http";
import fastify from "fastify";
import type { Discovery, Transport } from "./discovery.js";
import { createInstancer } from "./discovery.js";
import type { AddCall, AddReply } from "./upstream.js";
import { upstreamFactory } from "./upstream.js";

/** How the gateway picks an instance for each attempt. */
export type BalancerName = "round_robin" | "least_pending";

/** Options of {@link startGateway}. */
export interface GatewayOptions {
  /** Where addsvc instances are found. */
  readonly discovery: Discovery;
  /** How the gateway calls the instances. Default `http`. */
  readonly transport?: Transport;
  /** Where the gateway listens; port 0 picks a free one. */
  readonly http: ListenAddress;
  /** Default `round_robin`. */
  readonly balancer?: BalancerName;
  /** Attempts per request, across instances. Default 3. */
  readonly retryMax?: number;
  /** Deadline of a request, all attempts included, in ms. Default 1000. */
  readonly retryTimeoutMs?: number;
  /** Deadline of one attempt on one instance, in ms. Default 300. */
  readonly attemptTimeoutMs?: number;
  /** Consecutive failures that open one instance's circuit breaker. Default 5. */
  readonly breakerThreshold?: number;
  /** How long an open breaker fails calls fast before letting one probe through, in ms. Default 5000. */
  readonly breakerOpenMs?: number;
  /** Requests in flight beyond which the gateway answers 429 at once. Default 1000. */
  readonly maxPending?: number;
  /** Path of addsvc.proto, for `transport: "grpc"`. Default: the one addsvc ships. */
  readonly protoPath?: string;
  /** Receives discovery warnings and breaker state changes. Default: nowhere. */
  readonly logger?: Logger;
}

/** A running gateway. */
export interface Gateway {
  /** The bound `host:port`. */
  readonly address: string;
  /** Requests in flight in the gateway now. */
  pending(): number;
  /** Attempts in flight to the instances now. */
  attempts(): number;
  /** Stops accepting, lets in-flight requests finish, then stops discovery. */
  close(): Promise<void>;
}

const positive = (name: string, n: number, integer: boolean): number => {
  if (!(Number.isFinite(n) && n > 0 && (!integer || Number.isInteger(n))))
    throw new TypeError(`${name} must be a ${integer ? "positive integer" : "positive number"}`);
  return n;
};

/**
 * Starts go-kit's apigateway for addsvc: discovers the instances (etcd, Consul, DNS SRV,
 * ZooKeeper or a fixed list), keeps a client endpoint per instance over HTTP or gRPC, and
 * serves addsvc's own HTTP routes (`POST /sum`, `POST /concat`).
 *
 * Each request is balanced over the instances and retried on another one when an attempt fails
 * (`retryMax` attempts within `retryTimeoutMs`), except for errors that blame the request. Each
 * attempt has its own deadline (`attemptTimeoutMs`), and each instance its own circuit breaker,
 * so a dead instance costs a few attempts and then none: when every instance's breaker is open
 * the gateway answers 503 `{"error": "no addsvc instance available: ..."}` without calling any.
 * Beyond `maxPending` requests in flight it answers 429 at once. Throws a TypeError for bad
 * options.
 *
 * @example
 * const gw = await startGateway({
 *   discovery: { kind: "etcd", hosts: ["http://127.0.0.1:2379"] },
 *   http: { host: "127.0.0.1", port: 8000 },
 * });
 * await gw.close();
 */
export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const {
    transport = "http",
    balancer = "round_robin",
    retryMax = 3,
    retryTimeoutMs = 1000,
    attemptTimeoutMs = 300,
    breakerThreshold = 5,
    breakerOpenMs = 5000,
    maxPending = 1000,
    protoPath = addsvcProto,
    logger = nopLogger,
  } = options;
  if (balancer !== "round_robin" && balancer !== "least_pending")
    throw new TypeError(`balancer must be round_robin or least_pending, got "${balancer}"`);
  if (transport !== "http" && transport !== "grpc")
    throw new TypeError(`transport must be http or grpc, got "${transport}"`);
  positive("retryMax", retryMax, true);
  positive("retryTimeoutMs", retryTimeoutMs, false);
  positive("attemptTimeoutMs", attemptTimeoutMs, false);
  positive("breakerThreshold", breakerThreshold, true);
  positive("breakerOpenMs", breakerOpenMs, false);
  positive("maxPending", maxPending, true);

  let pending = 0;
  let attempts = 0;
  const instancer = createInstancer(options.discovery, transport, logger);
  const endpointer = createEndpointer(
    instancer,
    upstreamFactory({
      transport,
      protoPath,
      attemptTimeoutMs,
      breakerThreshold,
      breakerOpenMs,
      logger,
      onAttempt: (delta) => {
        attempts += delta;
      },
    }),
    { logger },
  );
  const pick: Balancer<AddCall, AddReply> =
    balancer === "least_pending" ? leastPending(endpointer) : roundRobin(endpointer);
  const retried = retry(retryMax, retryTimeoutMs, pick, {
    shouldRetry: (_n, err) => defaultIsFailure(err),
  });
  const call = async (ctx: Context, request: AddCall): Promise<AddReply> => {
    if (pending >= maxPending)
      throw new KitError("resource_exhausted", `gateway busy: ${maxPending} requests in flight`);
    pending++;
    try {
      return await retried(ctx, request);
    } catch (err) {
      if (isKitError(err) && err.code === "unavailable")
        throw new KitError("unavailable", `no addsvc instance available: ${err.message}`, {
          cause: err,
        });
      throw err;
    } finally {
      pending--;
    }
  };
  // Each instance answers the method it was called with, so the reply is that method's response.
  const endpoints: AddEndpoints = {
    sum: async (ctx, request) => (await call(ctx, { method: "sum", request })) as SumResponse,
    concat: async (ctx, request) =>
      (await call(ctx, { method: "concat", request })) as ConcatResponse,
  };
  const stopDiscovery = () => {
    endpointer.close();
    instancer.stop();
  };

  const app = fastify();
  try {
    await app.register(httpTransport, { routes: httpRoutes(endpoints) });
    await app.listen({ host: options.http.host, port: options.http.port });
  } catch (err) {
    await app.close();
    stopDiscovery();
    throw err;
  }
  const bound = app.server.address();
  const port = typeof bound === "object" && bound ? bound.port : options.http.port;
  let closing: Promise<void> | undefined;
  return {
    address: formatAddress({ host: options.http.host, port }),
    pending: () => pending,
    attempts: () => attempts,
    close: () => {
      closing ??= (async () => {
        app.server.keepAliveTimeout = 1;
        try {
          await app.close();
        } finally {
          stopDiscovery();
        }
      })();
      return closing;
    },
  };
}
