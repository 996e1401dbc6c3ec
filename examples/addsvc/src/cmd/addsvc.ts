#!/usr/bin/env node
import { parseArgs } from "node:util";
import type { Logger } from "@kit/endpoint";
import { jsonLogger, logfmtLogger, timestampUTC, withFields } from "@kit/log";
import {
  defaultConsulGrpcService,
  defaultConsulService,
  defaultEtcdGrpcPrefix,
  defaultEtcdPrefix,
  startAddsvc,
} from "../app.js";
import { goKitLimits } from "../endpoint/resilience.js";
import { parseAddress } from "../listen-address.js";
import { protoPath } from "../proto-path.js";
import { setupTracing, tracingFromEnv } from "../tracing-setup.js";

/** go-kit addsvc's logger: every record with a UTC timestamp, on stderr. */
function requestLogger(format: string): Logger {
  if (format !== "logfmt" && format !== "json") {
    console.error(`addsvc: --log-format must be logfmt or json, got "${format}"`);
    process.exit(2);
  }
  const writer = format === "json" ? jsonLogger(process.stderr) : logfmtLogger(process.stderr);
  return withFields(writer, { ts: timestampUTC });
}

const usage = `addsvc: go-kit's addsvc on @kit (Sum and Concat over HTTP/JSON, gRPC and JSON-RPC)

usage: addsvc [flags]
  --debug-addr ADDR    health listener       (default :8080)
  --http-addr ADDR     HTTP/JSON listener    (default :8081)
  --grpc-addr ADDR     gRPC listener         (default :8082)
  --jsonrpc-addr ADDR  JSON-RPC listener     (default :8084)
  --sum-rate N         Sum requests a second (default 1)
  --sum-burst N        Sum burst             (default 1)
  --concat-rate N      Concat requests a second (default 1)
  --concat-burst N     Concat burst          (default 100)
  --log-format FORMAT  logfmt or json, one record per request on stderr (default logfmt)
  --zipkin-url URL     export spans to Zipkin (default $OTEL_EXPORTER_ZIPKIN_ENDPOINT)
  --otlp-url URL       export spans over OTLP/HTTP (default $OTEL_EXPORTER_OTLP_TRACES_ENDPOINT)
  --etcd-hosts URLS    register the HTTP and gRPC listeners in etcd, comma-separated (default empty: off)
  --etcd-prefix PREFIX etcd key prefix of the HTTP listener (default ${defaultEtcdPrefix})
  --etcd-grpc-prefix PREFIX  etcd key prefix of the gRPC listener (default ${defaultEtcdGrpcPrefix})
  --consul-addr URL    register the HTTP and gRPC listeners with this Consul agent, TTL-checked (default empty: off)
  --consul-service NAME      Consul service name of the HTTP listener (default ${defaultConsulService})
  --consul-grpc-service NAME Consul service name of the gRPC listener (default ${defaultConsulGrpcService})
  --advertise-addr ADDR      HTTP address to register (default the bound HTTP address)
  --grpc-advertise-addr ADDR gRPC address to register (default the bound gRPC address)
  --registration-ttl SECONDS etcd lease TTL and Consul check TTL (default 10)
  --help               print this help

ADDR is host:port; an empty host means 127.0.0.1, an empty ADDR turns the listener off.`;

const { values } = parseArgs({
  options: {
    "debug-addr": { type: "string", default: ":8080" },
    "http-addr": { type: "string", default: ":8081" },
    "grpc-addr": { type: "string", default: ":8082" },
    "jsonrpc-addr": { type: "string", default: ":8084" },
    "sum-rate": { type: "string", default: String(goKitLimits.sum.ratePerSec) },
    "sum-burst": { type: "string", default: String(goKitLimits.sum.burst) },
    "concat-rate": { type: "string", default: String(goKitLimits.concat.ratePerSec) },
    "concat-burst": { type: "string", default: String(goKitLimits.concat.burst) },
    "log-format": { type: "string", default: "logfmt" },
    "zipkin-url": { type: "string" },
    "otlp-url": { type: "string" },
    "etcd-hosts": { type: "string", default: "" },
    "etcd-prefix": { type: "string", default: defaultEtcdPrefix },
    "etcd-grpc-prefix": { type: "string", default: defaultEtcdGrpcPrefix },
    "consul-addr": { type: "string", default: "" },
    "consul-service": { type: "string", default: defaultConsulService },
    "consul-grpc-service": { type: "string", default: defaultConsulGrpcService },
    "advertise-addr": { type: "string", default: "" },
    "grpc-advertise-addr": { type: "string", default: "" },
    "registration-ttl": { type: "string", default: "10" },
    help: { type: "boolean", default: false },
  },
});
if (values.help) {
  console.log(usage);
  process.exit(0);
}

const fromEnv = tracingFromEnv(process.env);
const tracing = setupTracing({
  zipkinUrl: values["zipkin-url"] ?? fromEnv.zipkinUrl,
  otlpUrl: values["otlp-url"] ?? fromEnv.otlpUrl,
});
// Signals are handled from the start: one that arrives while the listeners and registrations
// are still coming up stops the service as soon as it is up, instead of killing it half-registered.
const starting = start();
let stopping = false;
const stop = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`addsvc: ${signal}, finishing in-flight requests`);
  await (await starting).close();
  await tracing.shutdown();
  console.log("addsvc: stopped");
  process.exit(0);
};
process.once("SIGINT", () => void stop("SIGINT"));
process.once("SIGTERM", () => void stop("SIGTERM"));
const svc = await starting;

function etcdRegistration() {
  const hosts = values["etcd-hosts"]
    .split(",")
    .map((h) => h.trim())
    .filter((h) => h !== "");
  if (hosts.length === 0) return undefined;
  return {
    hosts,
    prefix: values["etcd-prefix"],
    grpcPrefix: values["etcd-grpc-prefix"],
    advertiseAddr: values["advertise-addr"] || undefined,
    grpcAdvertiseAddr: values["grpc-advertise-addr"] || undefined,
    ttlSec: Number(values["registration-ttl"]),
  };
}

function consulRegistration() {
  const address = values["consul-addr"].trim();
  if (address === "") return undefined;
  return {
    address: address.includes("://") ? address : `http://${address}`,
    service: values["consul-service"],
    grpcService: values["consul-grpc-service"],
    advertiseAddr: values["advertise-addr"] || undefined,
    grpcAdvertiseAddr: values["grpc-advertise-addr"] || undefined,
    ttlSec: Number(values["registration-ttl"]),
  };
}

async function start() {
  try {
    return await startAddsvc({
      logger: requestLogger(values["log-format"]),
      tracer: tracing.tracer,
      debug: parseAddress(values["debug-addr"]),
      http: parseAddress(values["http-addr"]),
      grpc: parseAddress(values["grpc-addr"]),
      jsonrpc: parseAddress(values["jsonrpc-addr"]),
      protoPath,
      etcd: etcdRegistration(),
      consul: consulRegistration(),
      limits: {
        sum: { ratePerSec: Number(values["sum-rate"]), burst: Number(values["sum-burst"]) },
        concat: {
          ratePerSec: Number(values["concat-rate"]),
          burst: Number(values["concat-burst"]),
        },
      },
    });
  } catch (err) {
    console.error(`addsvc: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(2);
  }
}
for (const [transport, address] of Object.entries(svc.addresses))
  console.log(`addsvc: ${transport} listening on ${address}`);
console.log("addsvc: press Ctrl-C to stop");
