import type { Logger } from "@kit/endpoint";
import type { Registrar } from "@kit/endpoint/sd";
import { createConsulRegistrar } from "@kit/sd-consul";
import { createEtcdRegistrar } from "@kit/sd-etcd";
import { parseAddress } from "./listen-address.js";

/** The default etcd key prefix of addsvc's HTTP listeners. */
export const defaultEtcdPrefix = "/services/addsvc/";
/** The default etcd key prefix of addsvc's gRPC listeners. */
export const defaultEtcdGrpcPrefix = "/services/addsvc-grpc/";
/** The default Consul service name of addsvc's HTTP listeners. */
export const defaultConsulService = "addsvc";
/** The default Consul service name of addsvc's gRPC listeners. */
export const defaultConsulGrpcService = "addsvc-grpc";

/**
 * Where and how addsvc announces itself in etcd: one key per listener that is on, the HTTP one
 * under `prefix`, the gRPC one under `grpcPrefix`, each holding the `host:port` to call.
 */
export interface EtcdRegistration {
  /** etcd client URLs, e.g. `["http://127.0.0.1:2379"]`. */
  readonly hosts: readonly string[];
  /** The key prefix of the HTTP listener. Default {@link defaultEtcdPrefix}. */
  readonly prefix?: string;
  /** The key prefix of the gRPC listener. Default {@link defaultEtcdGrpcPrefix}. */
  readonly grpcPrefix?: string;
  /** The HTTP `host:port` clients should call. Default: the bound HTTP address. */
  readonly advertiseAddr?: string;
  /** The gRPC `host:port` clients should call. Default: the bound gRPC address. */
  readonly grpcAdvertiseAddr?: string;
  /** The key below each prefix. Default: `addsvc-` + the advertised address. */
  readonly id?: string;
  /** Lease TTL in whole seconds. Default 10. */
  readonly ttlSec?: number;
}

/**
 * Where and how addsvc announces itself to a Consul agent: one service per listener that is on,
 * the HTTP one named `service`, the gRPC one `grpcService`, each with a TTL check that addsvc
 * passes every `ttlSec / 3` seconds while it runs.
 */
export interface ConsulRegistration {
  /** The agent's HTTP API, e.g. `"http://127.0.0.1:8500"`. */
  readonly address: string;
  /** The service name of the HTTP listener. Default {@link defaultConsulService}. */
  readonly service?: string;
  /** The service name of the gRPC listener. Default {@link defaultConsulGrpcService}. */
  readonly grpcService?: string;
  /** The HTTP `host:port` clients should call. Default: the bound HTTP address. */
  readonly advertiseAddr?: string;
  /** The gRPC `host:port` clients should call. Default: the bound gRPC address. */
  readonly grpcAdvertiseAddr?: string;
  /** Seconds without a heartbeat before Consul marks an instance critical. Default 10. */
  readonly ttlSec?: number;
}

/** The registrations {@link announce} makes. */
export interface Registrations {
  readonly etcd?: EtcdRegistration;
  readonly consul?: ConsulRegistration;
}

/** The bound `host:port` of addsvc's HTTP and gRPC listeners, where they are on. */
export interface AnnouncedListeners {
  readonly http?: string;
  readonly grpc?: string;
}

/** Registrations in force; `withdraw()` removes them all. */
export interface Announcement {
  /** Deregisters every entry, all at once; rejects with the first failure once all settled. */
  withdraw(): Promise<void>;
}

/**
 * Registers the HTTP and gRPC listeners that are on in etcd and/or Consul, and resolves once
 * every registration is in place. When one fails, those already made are withdrawn and it
 * rejects. Throws a TypeError when a registration is asked for while neither listener is on.
 *
 * @example
 * const announced = await announce({ etcd: { hosts: ["http://127.0.0.1:2379"] } },
 *   { http: "127.0.0.1:8081", grpc: "127.0.0.1:8082" }, logger);
 * await announced.withdraw();
 */
export async function announce(
  registrations: Registrations,
  listeners: AnnouncedListeners,
  logger: Logger,
): Promise<Announcement> {
  const registrars = [
    ...etcdRegistrars(registrations.etcd, listeners, logger),
    ...consulRegistrars(registrations.consul, listeners, logger),
  ];
  const registered: Registrar[] = [];
  const withdraw = async () => {
    const results = await Promise.allSettled(registered.map((r) => r.deregister()));
    const failed = results.find((r) => r.status === "rejected");
    if (failed) throw failed.reason;
  };
  try {
    for (const registrar of registrars) {
      await registrar.register();
      registered.push(registrar);
    }
  } catch (err) {
    await withdraw().catch(() => undefined);
    throw err;
  }
  return { withdraw };
}

/** The `[transport, advertised address]` pairs to register. */
function targets(
  where: string,
  listeners: AnnouncedListeners,
  advertise: { http?: string; grpc?: string },
): ["http" | "grpc", string][] {
  const out: ["http" | "grpc", string][] = [];
  if (listeners.http) out.push(["http", advertise.http || listeners.http]);
  if (listeners.grpc) out.push(["grpc", advertise.grpc || listeners.grpc]);
  if (out.length === 0)
    throw new TypeError(`${where} registration needs the HTTP or gRPC listener`);
  return out;
}

function etcdRegistrars(
  reg: EtcdRegistration | undefined,
  listeners: AnnouncedListeners,
  logger: Logger,
): Registrar[] {
  if (!reg) return [];
  const advertise = { http: reg.advertiseAddr, grpc: reg.grpcAdvertiseAddr };
  return targets("etcd", listeners, advertise).map(([transport, instance]) =>
    createEtcdRegistrar({
      hosts: reg.hosts,
      prefix:
        transport === "http"
          ? (reg.prefix ?? defaultEtcdPrefix)
          : (reg.grpcPrefix ?? defaultEtcdGrpcPrefix),
      id: reg.id ?? `addsvc-${instance}`,
      instance,
      ttlSec: reg.ttlSec ?? 10,
      logger,
    }),
  );
}

function consulRegistrars(
  reg: ConsulRegistration | undefined,
  listeners: AnnouncedListeners,
  logger: Logger,
): Registrar[] {
  if (!reg) return [];
  const advertise = { http: reg.advertiseAddr, grpc: reg.grpcAdvertiseAddr };
  return targets("Consul", listeners, advertise).map(([transport, instance]) => {
    const at = parseAddress(instance);
    if (!at) throw new TypeError(`Consul registration: no address to announce for ${transport}`);
    const name =
      transport === "http"
        ? (reg.service ?? defaultConsulService)
        : (reg.grpcService ?? defaultConsulGrpcService);
    return createConsulRegistrar({
      address: reg.address,
      service: {
        id: `${name}-${at.host}-${at.port}`,
        name,
        address: at.host,
        port: at.port,
        check: { ttlSec: reg.ttlSec ?? 10 },
      },
      logger,
    });
  });
}
