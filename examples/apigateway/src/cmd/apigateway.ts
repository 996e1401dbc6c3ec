#!/usr/bin/env node
import { parseArgs } from "node:util";
import { parseAddress } from "@kit/example-addsvc/dist/listen-address.js";
import type { BalancerName } from "../gateway.js";
import { startGateway } from "../gateway.js";

const usage = `apigateway: go-kit's apigateway on @kit, addsvc instances discovered in etcd

usage: apigateway [flags]
  --http-addr ADDR      HTTP listener: POST /sum, POST /concat (default :8000)
  --etcd-hosts URLS     etcd client URLs, comma-separated (required)
  --etcd-prefix PREFIX  key prefix addsvc registers under (default /services/addsvc/)
  --balancer NAME       round_robin or least_pending (default round_robin)
  --help                print this help

ADDR is host:port; an empty host means 127.0.0.1.`;

function fail(message: string): never {
  console.error(`apigateway: ${message}`);
  process.exit(2);
}

const { values } = (() => {
  try {
    return parseArgs({
      options: {
        "http-addr": { type: "string", default: ":8000" },
        "etcd-hosts": { type: "string", default: "" },
        "etcd-prefix": { type: "string", default: "/services/addsvc/" },
        balancer: { type: "string", default: "round_robin" },
        help: { type: "boolean", default: false },
      },
    });
  } catch (err) {
    return fail(err instanceof Error ? err.message : String(err));
  }
})();
if (values.help) {
  console.log(usage);
  process.exit(0);
}

const etcdHosts = values["etcd-hosts"]
  .split(",")
  .map((h) => h.trim())
  .filter((h) => h !== "");
if (etcdHosts.length === 0) fail("--etcd-hosts is required");
const balancer = values.balancer;
if (balancer !== "round_robin" && balancer !== "least_pending") {
  fail(`--balancer must be round_robin or least_pending, got "${balancer}"`);
}

const gateway = await (async () => {
  try {
    const http = parseAddress(values["http-addr"]);
    if (!http) return fail("--http-addr must not be empty");
    return await startGateway({
      etcdHosts,
      prefix: values["etcd-prefix"],
      http,
      balancer: balancer as BalancerName,
    });
  } catch (err) {
    return fail(err instanceof Error ? err.message : String(err));
  }
})();
console.log(`apigateway: http listening on ${gateway.address}`);

let stopping = false;
const stop = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`apigateway: ${signal}, finishing in-flight requests`);
  await gateway.close();
  console.log("apigateway: stopped");
  process.exit(0);
};
process.once("SIGINT", () => void stop("SIGINT"));
process.once("SIGTERM", () => void stop("SIGTERM"));
