// Load on a gRPC server: a raw grpc-js client on one channel calling pb.Add/Sum with a fixed
// number of calls in flight, each reply checked.
import type { Client, ServiceError } from "@grpc/grpc-js";
import { credentials } from "@grpc/grpc-js";
import type { PbSumReply, PbSumRequest } from "../grpc-proto.js";
import { loadPbAdd } from "../grpc-proto.js";
import { operands } from "../sum.js";
import type { Call } from "./closed-loop.js";

/** A grpc-js client of `pb.Add`, as its generated class makes it. */
export interface AddClient extends Client {
  Sum(
    request: PbSumRequest,
    callback: (err: ServiceError | null, reply?: PbSumReply) => void,
  ): unknown;
}

/** A raw grpc-js client of the server at `address`. */
export function rawAddClient(address: string): AddClient {
  const { Client: AddClientClass } = loadPbAdd();
  return new AddClientClass(address, credentials.createInsecure()) as unknown as AddClient;
}

/** Calls `Sum` with the raw client; a reply is right when `v` is the sum and `err` is empty. */
export function rawSumCall(client: AddClient): Call {
  return (n) => {
    const { a, b } = operands(n);
    return new Promise((resolve, reject) => {
      client.Sum({ a: String(a), b: String(b) }, (err, reply) => {
        if (err) reject(err);
        else resolve(reply?.v === String(a + b) && reply.err === "");
      });
    });
  };
}
