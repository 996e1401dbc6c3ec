import type { Endpoint, Logger } from "@kit/endpoint";
import { nopLogger } from "@kit/endpoint";
import type { Balancer, Endpointer } from "@kit/endpoint/sd";
import { createEndpointer, leastPending, retry, roundRobin } from "@kit/endpoint/sd";
import type { AddEndpoints } from "@kit/example-addsvc/dist/endpoint/set.js";
import type { ListenAddress } from "@kit/example-addsvc/dist/listen-address.js";
import { formatAddress } from "@kit/example-addsvc/dist/listen-address.js";
import { httpClientEndpoints, httpRoutes } from "@kit/example-addsvc/dist/transport/http.js";
import { createEtcdInstancer } from "@kit/sd-etcd";
import { httpTransport } from "@kit/transport-http";
import fastify from "fastify";

/** How the gateway picks an instance for each attempt. */
export type BalancerName = "round_robin" | "least_pending";

/** Options of {@link startGateway}. */
export interface GatewayOptions {
  /** etcd client URLs, e.g. `["http://127.0.0.1:2379"]`. */
  readonly etcdHosts: string | readonly string[];
  /** The key prefix addsvc instances register under. Default `/services/addsvc/`. */
  readonly prefix?: string;
  /** Where the gateway listens; port 0 picks a free one. */
  readonly http: ListenAddress;
  /** Default `round_robin`. */
  readonly balancer?: BalancerName;
  /** Attempts per request, across instances. Default 3. */
  readonly retryMax?: number;
  /** Deadline of a request, all attempts included, in ms. Default 500. */
  readonly retryTimeoutMs?: number;
  /** Receives discovery warnings. Default: nowhere. */
  readonly logger?: Logger;
}

/** A running gateway. */
export interface Gateway {
  /** The bound `host:port`. */
  readonly address: string;
  /** Stops accepting, lets in-flight requests finish, then stops discovery. */
  close(): Promise<void>;
}

/**
 * Starts go-kit's apigateway for addsvc: watches etcd for addsvc instances, keeps HTTP client
 * endpoints for each, and serves addsvc's own HTTP routes (`POST /sum`, `POST /concat`), each
 * call balanced over the instances and retried on another one when it fails.
 *
 * @example
 * const gw = await startGateway({ etcdHosts: ["http://127.0.0.1:2379"], http: { host: "127.0.0.1", port: 8000 } });
 * await gw.close();
 */
export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const {
    balancer = "round_robin",
    retryMax = 3,
    retryTimeoutMs = 500,
    logger = nopLogger,
  } = options;
  if (balancer !== "round_robin" && balancer !== "least_pending") {
    throw new TypeError(`balancer must be round_robin or least_pending, got "${balancer}"`);
  }
  const instancer = createEtcdInstancer({
    hosts: options.etcdHosts,
    prefix: options.prefix ?? "/services/addsvc/",
    logger,
  });
  const endpointers: Endpointer<unknown, unknown>[] = [];
  const balanced = <K extends keyof AddEndpoints>(method: K): AddEndpoints[K] => {
    type Req = Parameters<AddEndpoints[K]>[1];
    type Res = Awaited<ReturnType<AddEndpoints[K]>>;
    const endpointer = createEndpointer<Req, Res>(
      instancer,
      (instance) => ({
        endpoint: httpClientEndpoints(`http://${instance}`)[method] as Endpoint<Req, Res>,
      }),
      { logger },
    );
    endpointers.push(endpointer as Endpointer<unknown, unknown>);
    const pick: Balancer<Req, Res> =
      balancer === "least_pending" ? leastPending(endpointer) : roundRobin(endpointer);
    return retry(retryMax, retryTimeoutMs, pick) as AddEndpoints[K];
  };
  const stopDiscovery = () => {
    for (const endpointer of endpointers) endpointer.close();
    instancer.stop();
  };

  const app = fastify();
  try {
    const endpoints: AddEndpoints = { sum: balanced("sum"), concat: balanced("concat") };
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
