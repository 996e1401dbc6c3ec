#!/usr/bin/env node
import { parseArgs } from "node:util";
import { startAddsvc } from "../app.js";
import { goKitLimits } from "../endpoint/resilience.js";
import { parseAddress } from "../listen-address.js";
import { protoPath } from "../proto-path.js";

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
    help: { type: "boolean", default: false },
  },
});
if (values.help) {
  console.log(usage);
  process.exit(0);
}

const svc = await start();

async function start() {
  try {
    return await startAddsvc({
      debug: parseAddress(values["debug-addr"]),
      http: parseAddress(values["http-addr"]),
      grpc: parseAddress(values["grpc-addr"]),
      jsonrpc: parseAddress(values["jsonrpc-addr"]),
      protoPath,
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

let stopping = false;
const stop = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`addsvc: ${signal}, finishing in-flight requests`);
  await svc.close();
  console.log("addsvc: stopped");
  process.exit(0);
};
process.once("SIGINT", () => void stop("SIGINT"));
process.once("SIGTERM", () => void stop("SIGTERM"));
