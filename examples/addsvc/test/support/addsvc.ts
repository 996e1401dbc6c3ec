import { join } from "node:path";
import type { Addsvc } from "../../src/app.js";
import { startAddsvc } from "../../src/app.js";

/** addsvc.proto, as the tests see it. */
export const testProtoPath = join(__dirname, "..", "..", "proto", "addsvc.proto");

const anyPort = { host: "127.0.0.1", port: 0 };

/** Starts addsvc with every listener on a free loopback port. */
export function startTestAddsvc(): Promise<Addsvc> {
  return startAddsvc({
    debug: anyPort,
    http: anyPort,
    grpc: anyPort,
    jsonrpc: anyPort,
    protoPath: testProtoPath,
  });
}
