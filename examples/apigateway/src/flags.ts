import { parseArgs } from "node:util";
import { parseAddress } from "@kit/example-addsvc/dist/listen-address.js";
import type { Discovery } from "./discovery.js";
import type { GatewayOptions } from "./gateway.js";

/** The command's help text. */
export const usage = `apigateway: go-kit's apigateway on @kit, in front of discovered addsvc instances

usage: apigateway [flags]
  --http-addr ADDR         HTTP listener: POST /sum, POST /concat (default :8000)
  --discovery KIND         etcd, consul, dns, zookeeper or static (default etcd)
  --etcd-hosts URLS        etcd client URLs, comma-separated (etcd)
  --etcd-prefix PREFIX     key prefix (default /services/addsvc/, /services/addsvc-grpc/ with gRPC)
  --consul-addr URL        Consul agent HTTP API (consul; passing instances only)
  --consul-service NAME    service name (default addsvc, addsvc-grpc with gRPC)
  --dns-name NAME          SRV name to look up, e.g. _addsvc._tcp.example.com (dns)
  --dns-server ADDR        resolver host:port (default the system's)
  --zk-servers LIST        ZooKeeper ensemble, host:port,... (zookeeper)
  --zk-path PATH           parent node (default /services/addsvc, /services/addsvc-grpc with gRPC)
  --instances LIST         fixed host:port,... (static)
  --transport NAME         http or grpc: how the instances are called (default http)
  --balancer NAME          round_robin or least_pending (default round_robin)
  --retry-max N            attempts per request (default 3)
  --retry-timeout MS       deadline of a request, all attempts (default 1000)
  --attempt-timeout MS     deadline of one attempt (default 300)
  --breaker-threshold N    consecutive failures that open an instance's breaker (default 5)
  --breaker-open MS        how long an open breaker fails fast (default 5000)
  --max-pending N          requests in flight before answering 429 (default 1000)
  --help                   print this help

ADDR is host:port; an empty host means 127.0.0.1.`;

/** A command-line mistake; the command prints it and exits with status 2. */
export class UsageError extends Error {}

const list = (value: string | undefined): string[] =>
  (value ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");

const number = (flag: string, value: string | undefined): number | undefined => {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n) || n <= 0)
    throw new UsageError(`--${flag} must be a positive number, got "${value}"`);
  return n;
};

function discoveryFrom(values: Record<string, string | undefined>): Discovery {
  const kind = values.discovery ?? "etcd";
  const need = (flag: string): string => {
    const value = values[flag]?.trim();
    if (!value) throw new UsageError(`--${flag} is required with --discovery ${kind}`);
    return value;
  };
  switch (kind) {
    case "etcd":
      if (list(values["etcd-hosts"]).length === 0) need("etcd-hosts");
      return { kind, hosts: list(values["etcd-hosts"]), prefix: values["etcd-prefix"] };
    case "consul": {
      const address = need("consul-addr");
      return {
        kind,
        address: address.includes("://") ? address : `http://${address}`,
        service: values["consul-service"],
      };
    }
    case "dns":
      return { kind, name: need("dns-name"), server: values["dns-server"] };
    case "zookeeper":
      return { kind, connect: need("zk-servers"), path: values["zk-path"] };
    case "static":
      if (list(values.instances).length === 0) need("instances");
      return { kind, instances: list(values.instances) };
    default:
      throw new UsageError(
        `--discovery must be etcd, consul, dns, zookeeper or static, got "${kind}"`,
      );
  }
}

/**
 * Parses the command's arguments into {@link GatewayOptions}, or `"help"` for `--help`.
 * Throws a {@link UsageError} for an unknown flag, a missing backend flag or a bad value.
 *
 * @example
 * gatewayOptionsFromArgs(["--discovery", "consul", "--consul-addr", "127.0.0.1:8500"]);
 */
export function gatewayOptionsFromArgs(args: readonly string[]): GatewayOptions | "help" {
  const text = (names: string[]) =>
    Object.fromEntries(names.map((n) => [n, { type: "string" as const }]));
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: [...args],
      options: {
        ...text([
          "http-addr",
          "discovery",
          "etcd-hosts",
          "etcd-prefix",
          "consul-addr",
          "consul-service",
          "dns-name",
          "dns-server",
          "zk-servers",
          "zk-path",
          "instances",
          "transport",
          "balancer",
          "retry-max",
          "retry-timeout",
          "attempt-timeout",
          "breaker-threshold",
          "breaker-open",
          "max-pending",
        ]),
        help: { type: "boolean" },
      },
    });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  const values = parsed.values as Record<string, string | undefined> & { help?: boolean };
  if (values.help) return "help";
  const transport = values.transport ?? "http";
  if (transport !== "http" && transport !== "grpc")
    throw new UsageError(`--transport must be http or grpc, got "${transport}"`);
  const balancer = values.balancer ?? "round_robin";
  if (balancer !== "round_robin" && balancer !== "least_pending")
    throw new UsageError(`--balancer must be round_robin or least_pending, got "${balancer}"`);
  let http: ReturnType<typeof parseAddress>;
  try {
    http = parseAddress(values["http-addr"] ?? ":8000");
  } catch (err) {
    throw new UsageError(`--http-addr: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (!http) throw new UsageError("--http-addr must not be empty");
  return {
    discovery: discoveryFrom(values),
    transport,
    http,
    balancer,
    retryMax: number("retry-max", values["retry-max"]),
    retryTimeoutMs: number("retry-timeout", values["retry-timeout"]),
    attemptTimeoutMs: number("attempt-timeout", values["attempt-timeout"]),
    breakerThreshold: number("breaker-threshold", values["breaker-threshold"]),
    breakerOpenMs: number("breaker-open", values["breaker-open"]),
    maxPending: number("max-pending", values["max-pending"]),
  };
}
