// The gRPC reference: a grpc-js server with a hand-written Sum handler, same proto.
import type { ServerUnaryCall, sendUnaryData } from "@grpc/grpc-js";
import { Server, ServerCredentials } from "@grpc/grpc-js";
import type { PbSumReply, PbSumRequest } from "../grpc-proto.js";
import { loadPbAdd } from "../grpc-proto.js";

/** Starts raw grpc-js `pb.Add/Sum` on 127.0.0.1, port 0; resolves to the port. */
export function startRawGrpc(): Promise<number> {
  const server = new Server();
  server.addService(loadPbAdd().definition, {
    Sum(call: ServerUnaryCall<PbSumRequest, PbSumReply>, callback: sendUnaryData<PbSumReply>) {
      const v = Number(call.request.a) + Number(call.request.b);
      callback(null, { v: String(v), err: "" });
    },
  });
  return new Promise((resolve, reject) => {
    server.bindAsync("127.0.0.1:0", ServerCredentials.createInsecure(), (err, port) =>
      err ? reject(err) : resolve(port),
    );
  });
}
