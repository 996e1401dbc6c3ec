import { join } from "node:path";
import type { Addsvc, AddsvcOptions } from "../../src/app.js";
import { startAddsvc } from "../../src/app.js";

/** addsvc.proto, as the tests see it. */
export const testProtoPath = join(__dirname, "..", "..", "proto", "addsvc.proto");

const anyPort = { host: "127.0.0.1", port: 0 };
const unlimited = { ratePerSec: 1e9, burst: 1e9 };

/** Starts addsvc with every listener on a free loopback port and no effective rate limit. */
export function startTestAddsvc(options: Partial<AddsvcOptions> = {}): Promise<Addsvc> {
  return startAddsvc({
    limits: { sum: unlimited, concat: unlimited },
    debug: anyPort,
    http: anyPort,
    grpc: anyPort,
    jsonrpc: anyPort,
    protoPath: testProtoPath,
    ...options,
  });
}
