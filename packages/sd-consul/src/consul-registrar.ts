import type { Logger } from "@kit/endpoint";
import { nopLogger } from "@kit/endpoint";
import type { Registrar } from "@kit/endpoint/sd";
import { consulRequest, normalizeAddress } from "./consul-http.js";

/** A TTL check: the registrar passes it every `ttlSec / 3` seconds while registered. */
export interface ConsulTtlCheck {
  /** Seconds without a pass before Consul marks the instance critical; integer >= 1. */
  ttlSec: number;
}
/** An HTTP check Consul runs itself: `GET http` every `intervalSec`, 2xx passes. */
export interface ConsulHttpCheck {
  /** The URL Consul probes, for example `"http://10.0.0.5:8080/health"`. */
  http: string;
  /** Seconds between probes; integer >= 1. */
  intervalSec: number;
}
/** A gRPC health check Consul runs itself (`grpc.health.v1`) every `intervalSec`. */
export interface ConsulGrpcCheck {
  /** `host:port` or `host:port/service` to probe. */
  grpc: string;
  /** Seconds between probes; integer >= 1. */
  intervalSec: number;
}

/** The instance a {@link createConsulRegistrar} announces (Consul's agent service definition). */
export interface ConsulService {
  /** Unique per instance, for example `"addsvc-10.0.0.5-8080"`. Required. */
  id: string;
  /** The service name instancers watch. Required. */
  name: string;
  /** The address instancers report; empty means the agent node's address. Default `""`. */
  address?: string;
  /** The port instancers report; integer in [1, 65535]. Required. */
  port: number;
  /** Tags instancers can filter on. Default `[]`. */
  tags?: readonly string[];
  /** One health check. Default: none (the instance always counts as passing). */
  check?: ConsulTtlCheck | ConsulHttpCheck | ConsulGrpcCheck;
}

/** Options for {@link createConsulRegistrar}. */
export interface ConsulRegistrarOptions {
  /** The Consul agent's HTTP API, for example `"http://127.0.0.1:8500"`. Required. */
  address: string;
  /** The instance to register. */
  service: ConsulService;
  /** Receives `level: "warn"` records for failed heartbeats. Default: `nopLogger`. */
  logger?: Logger;
}

/**
 * Creates a {@link Registrar} that registers one instance with the local Consul agent (go-kit's
 * `consul.NewRegistrar`): `register()` is `PUT /v1/agent/service/register`, `deregister()` is
 * `PUT /v1/agent/service/deregister/<id>`. Both reject with KitError `unavailable` (cause kept)
 * when the agent cannot be reached or refuses.
 *
 * With a TTL check the registrar keeps it passing itself, as go-kit leaves to the caller:
 * `register()` passes it once (`PUT /v1/agent/check/pass/service:<id>`) before resolving, then
 * every `ttlSec / 3` seconds; a failed heartbeat is logged and retried at the next tick.
 * `deregister()` stops the heartbeat first. Registering twice is allowed (Consul replaces the
 * definition); there is only ever one heartbeat. Throws a TypeError for bad options.
 *
 * @example
 * const registrar = createConsulRegistrar({
 *   address: "http://127.0.0.1:8500",
 *   service: { id: "addsvc-1", name: "addsvc", address: "10.0.0.5", port: 8080, check: { ttlSec: 10 } },
 * });
 * await registrar.register();
 * process.once("SIGTERM", () => void registrar.deregister());
 */
export function createConsulRegistrar(options: ConsulRegistrarOptions): Registrar {
  const fn = "createConsulRegistrar";
  const address = normalizeAddress(fn, options?.address);
  const { service, logger = nopLogger } = options;
  if (typeof service !== "object" || service === null) {
    throw new TypeError(`${fn}: service must be an object`);
  }
  const { id, name, port, address: host = "", tags = [], check } = service;
  if (typeof id !== "string" || id.length === 0)
    throw new TypeError(`${fn}: service.id must be a non-empty string`);
  if (typeof name !== "string" || name.length === 0)
    throw new TypeError(`${fn}: service.name must be a non-empty string`);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new TypeError(`${fn}: service.port must be an integer in [1, 65535], got ${port}`);
  }
  if (typeof host !== "string") throw new TypeError(`${fn}: service.address must be a string`);
  if (!Array.isArray(tags) || tags.some((t) => typeof t !== "string")) {
    throw new TypeError(`${fn}: service.tags must be an array of strings`);
  }
  if (typeof logger?.log !== "function")
    throw new TypeError(`${fn}: logger must have a log(fields) method`);
  const definition: Record<string, unknown> = {
    ID: id,
    Name: name,
    Address: host,
    Port: port,
    Tags: [...tags],
  };
  let ttlMs: number | undefined;
  if (check !== undefined) {
    const seconds = (v: unknown, what: string): number => {
      if (!Number.isInteger(v) || (v as number) < 1) {
        throw new TypeError(
          `${fn}: service.check.${what} must be an integer >= 1, got ${String(v)}`,
        );
      }
      return v as number;
    };
    if ("ttlSec" in check) {
      ttlMs = seconds(check.ttlSec, "ttlSec") * 1000;
      definition.Check = { CheckID: `service:${id}`, TTL: `${check.ttlSec}s` };
    } else if ("http" in check && typeof check.http === "string") {
      definition.Check = {
        HTTP: check.http,
        Interval: `${seconds(check.intervalSec, "intervalSec")}s`,
      };
    } else if ("grpc" in check && typeof check.grpc === "string") {
      definition.Check = {
        GRPC: check.grpc,
        Interval: `${seconds(check.intervalSec, "intervalSec")}s`,
      };
    } else {
      throw new TypeError(`${fn}: service.check needs ttlSec, or http or grpc with intervalSec`);
    }
  }

  const passUrl = `${address}/v1/agent/check/pass/${encodeURIComponent(`service:${id}`)}`;
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  const pass = () => consulRequest("PUT", passUrl, undefined);

  return {
    async register() {
      await consulRequest("PUT", `${address}/v1/agent/service/register`, undefined, definition);
      if (ttlMs === undefined) return;
      await pass();
      if (heartbeat !== undefined) return;
      heartbeat = setInterval(() => {
        pass().catch((err: unknown) =>
          logger.log({ level: "warn", msg: "consul: TTL heartbeat failed", service: id, err }),
        );
      }, ttlMs / 3);
      heartbeat.unref?.();
    },
    async deregister() {
      if (heartbeat !== undefined) clearInterval(heartbeat);
      heartbeat = undefined;
      await consulRequest(
        "PUT",
        `${address}/v1/agent/service/deregister/${encodeURIComponent(id)}`,
        undefined,
      );
    },
  };
}
