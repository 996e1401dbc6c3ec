#!/usr/bin/env node
import { parseArgs } from "node:util";
import { credentials } from "@grpc/grpc-js";
import { background, KitError, withTimeout } from "@kit/endpoint";
import type { AddEndpoints } from "../endpoint/set.js";
import { formatAddress, parseAddress } from "../listen-address.js";
import { protoPath } from "../proto-path.js";
import { grpcClientEndpoints, loadAddService } from "../transport/grpc.js";
import { httpClientEndpoints } from "../transport/http.js";
import { jsonRpcClientEndpoints } from "../transport/jsonrpc.js";

const usage = `addcli: calls addsvc (or go-kit's addsvc) over one transport

usage: addcli (--http-addr ADDR | --grpc-addr ADDR | --jsonrpc-addr ADDR) [--method sum|concat] A B
  --http-addr ADDR     call over HTTP/JSON, e.g. :8081
  --grpc-addr ADDR     call over gRPC, e.g. :8082
  --jsonrpc-addr ADDR  call over JSON-RPC, e.g. :8084
  --method NAME        sum (integers) or concat (strings); default sum
  --timeout-ms N       give up after N ms; default 5000
  --help               print this help

Put -- before negative numbers: addcli --grpc-addr :8082 -- -1 2
Prints the result; a business error or a failure goes to stderr with exit status 1.`;

const fail = (message: string): never => {
  console.error(`addcli: ${message}`);
  process.exit(1);
};

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    "http-addr": { type: "string" },
    "grpc-addr": { type: "string" },
    "jsonrpc-addr": { type: "string" },
    method: { type: "string", default: "sum" },
    "timeout-ms": { type: "string", default: "5000" },
    help: { type: "boolean", default: false },
  },
});
if (values.help) {
  console.log(usage);
  process.exit(0);
}
const [a, b] = positionals;
if (positionals.length !== 2 || a === undefined || b === undefined)
  fail(`want two arguments\n\n${usage}`);
const timeoutMs = Number(values["timeout-ms"]);
if (!(timeoutMs > 0)) fail("--timeout-ms must be a positive number");

function endpointsFor(): AddEndpoints {
  const pick = (flag: string | undefined) =>
    flag ? formatAddress(parseAddress(flag)!) : undefined;
  const http = pick(values["http-addr"]);
  const grpc = pick(values["grpc-addr"]);
  const jsonrpc = pick(values["jsonrpc-addr"]);
  if ([http, grpc, jsonrpc].filter(Boolean).length !== 1)
    return fail("give exactly one of --http-addr, --grpc-addr, --jsonrpc-addr");
  if (http) return httpClientEndpoints(`http://${http}`);
  if (jsonrpc) return jsonRpcClientEndpoints(`http://${jsonrpc}/`);
  const { Client } = loadAddService(protoPath);
  return grpcClientEndpoints(new Client(grpc!, credentials.createInsecure()));
}

function integer(text: string): bigint {
  try {
    return BigInt(text);
  } catch {
    return fail(`"${text}" is not an integer`);
  }
}

const endpoints = endpointsFor();
const [ctx, cancel] = withTimeout(background(), timeoutMs);
try {
  if (values.method === "sum") {
    const res = await endpoints.sum(ctx, { a: integer(a!), b: integer(b!) });
    if (res.err) fail(res.err.message);
    console.log(`${a} + ${b} = ${res.v}`);
  } else if (values.method === "concat") {
    const res = await endpoints.concat(ctx, { a: a!, b: b! });
    if (res.err) fail(res.err.message);
    console.log(`${JSON.stringify(a)} + ${JSON.stringify(b)} = ${JSON.stringify(res.v)}`);
  } else {
    fail(`unknown method "${values.method}": want sum or concat`);
  }
} catch (err) {
  const e = KitError.from(err);
  fail(`${e.code}: ${e.message}`);
} finally {
  cancel();
}
process.exit(0);
