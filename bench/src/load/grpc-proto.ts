// addsvc.proto loaded with @grpc/proto-loader and grpc-js alone, as a raw grpc-js program does,
// with the options @kit/transport-grpc uses (int64 as decimal strings), so both sides
// (de)serialise alike.
import type { ServiceClientConstructor, ServiceDefinition } from "@grpc/grpc-js";
import { loadPackageDefinition } from "@grpc/grpc-js";
import { loadSync } from "@grpc/proto-loader";
import { protoPath } from "@kit/example-addsvc/dist/proto-path.js";

/** `pb.SumRequest` on the wire, int64 as strings. */
export interface PbSumRequest {
  a: string;
  b: string;
}

/** `pb.SumReply` on the wire. */
export interface PbSumReply {
  v: string;
  err: string;
}

/** The `pb.Add` service: its definition for a server, its client class. */
export interface PbAdd {
  readonly definition: ServiceDefinition;
  readonly Client: ServiceClientConstructor;
}

/** Loads `pb.Add` from addsvc.proto. */
export function loadPbAdd(): PbAdd {
  const pkg = loadSync(protoPath, { longs: String, enums: String, defaults: true, oneofs: true });
  const pb = loadPackageDefinition(pkg).pb as { Add: ServiceClientConstructor };
  return { definition: pb.Add.service, Client: pb.Add };
}
