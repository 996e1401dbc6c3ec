import type { Logger } from "@kit/endpoint";
import type { Instancer } from "@kit/endpoint/sd";
import { fixedInstancer } from "@kit/endpoint/sd";
import {
  defaultConsulGrpcService,
  defaultConsulService,
  defaultEtcdGrpcPrefix,
  defaultEtcdPrefix,
} from "@kit/example-addsvc/dist/registration.js";
import { createConsulInstancer } from "@kit/sd-consul";
import { createSrvInstancer } from "@kit/sd-dns";
import { createEtcdInstancer } from "@kit/sd-etcd";
import { createZooKeeperInstancer } from "@kit/sd-zookeeper";

/** How the gateway calls the instances: addsvc's HTTP/JSON API or its gRPC `pb.Add` service. */
export type Transport = "http" | "grpc";

/** Instances under an etcd key prefix, as `addsvc --etcd-hosts` registers them. */
export interface EtcdDiscovery {
  readonly kind: "etcd";
  /** etcd client URLs, e.g. `["http://127.0.0.1:2379"]`. */
  readonly hosts: readonly string[];
  /** Default `/services/addsvc/` for HTTP, `/services/addsvc-grpc/` for gRPC. */
  readonly prefix?: string;
}

/** Instances of a Consul service whose checks pass, as `addsvc --consul-addr` registers them. */
export interface ConsulDiscovery {
  readonly kind: "consul";
  /** The agent's HTTP API, e.g. `"http://127.0.0.1:8500"`. */
  readonly address: string;
  /** Default `addsvc` for HTTP, `addsvc-grpc` for gRPC. */
  readonly service?: string;
}

/** Instances named by DNS SRV records, such as `_addsvc._tcp.example.com`. */
export interface DnsDiscovery {
  readonly kind: "dns";
  /** The SRV name to look up. */
  readonly name: string;
  /** The resolver as `host:port`, e.g. `"127.0.0.1:53"`. Default: the system's. */
  readonly server?: string;
  /** The longest time between lookups, in ms; shorter record TTLs bring lookups forward. Default 30 000. */
  readonly intervalMs?: number;
}

/** Instances as the data of the children of a ZooKeeper node (sd-zookeeper's registrar). */
export interface ZooKeeperDiscovery {
  readonly kind: "zookeeper";
  /** The ensemble, e.g. `"127.0.0.1:2181"`. */
  readonly connect: string;
  /** Default `/services/addsvc` for HTTP, `/services/addsvc-grpc` for gRPC. */
  readonly path?: string;
}

/** A fixed list of `host:port` instances. */
export interface StaticDiscovery {
  readonly kind: "static";
  readonly instances: readonly string[];
}

/** Where the gateway finds addsvc instances. */
export type Discovery =
  | EtcdDiscovery
  | ConsulDiscovery
  | DnsDiscovery
  | ZooKeeperDiscovery
  | StaticDiscovery;

/** The names addsvc registers under by default, per transport (see addsvc's README). */
export const defaultNames: Readonly<
  Record<Transport, { etcdPrefix: string; consulService: string; zooKeeperPath: string }>
> = Object.freeze({
  http: {
    etcdPrefix: defaultEtcdPrefix,
    consulService: defaultConsulService,
    zooKeeperPath: "/services/addsvc",
  },
  grpc: {
    etcdPrefix: defaultEtcdGrpcPrefix,
    consulService: defaultConsulGrpcService,
    zooKeeperPath: "/services/addsvc-grpc",
  },
});

/**
 * Creates the {@link Instancer} for `discovery`, defaulting its names to those of `transport`'s
 * listeners. Consul reports passing instances only. Throws a TypeError for bad options.
 *
 * @example
 * const instancer = createInstancer({ kind: "consul", address: "http://127.0.0.1:8500" }, "grpc", logger);
 */
export function createInstancer(
  discovery: Discovery,
  transport: Transport,
  logger: Logger,
): Instancer {
  const names = defaultNames[transport];
  switch (discovery.kind) {
    case "etcd":
      return createEtcdInstancer({
        hosts: discovery.hosts,
        prefix: discovery.prefix ?? names.etcdPrefix,
        logger,
      });
    case "consul":
      return createConsulInstancer({
        address: discovery.address,
        service: discovery.service ?? names.consulService,
        passingOnly: true,
        logger,
      });
    case "dns":
      return createSrvInstancer({
        name: discovery.name,
        intervalMs: discovery.intervalMs ?? 30_000,
        servers: discovery.server ? [discovery.server] : undefined,
        logger,
      });
    case "zookeeper":
      return createZooKeeperInstancer({
        connect: discovery.connect,
        path: discovery.path ?? names.zooKeeperPath,
        logger,
      });
    case "static":
      return fixedInstancer(discovery.instances);
    default:
      throw new TypeError(`unknown discovery kind "${(discovery as { kind: unknown }).kind}"`);
  }
}
