// A raw grpc-js server doing addsvc's full-stack work by hand (see work-by-hand.ts), with no
// @kit package, same proto as the raw grpc-js reference.
import type { Metadata, ServerUnaryCall, sendUnaryData } from "@grpc/grpc-js";
import { Server, ServerCredentials, status } from "@grpc/grpc-js";
import type { TextMapGetter } from "@opentelemetry/api";
import type { PbSumReply, PbSumRequest } from "../grpc-proto.js";
import { loadPbAdd } from "../grpc-proto.js";
import { stackByHand } from "./work-by-hand.js";

/** Reads trace headers from grpc-js metadata. */
const metadataGetter: TextMapGetter<Metadata> = {
  keys: (md) => Object.keys(md.getMap()),
  get: (md, key) => {
    const values = md.get(key);
    return values.length === 0 ? undefined : values.map(String);
  },
};

/** Starts the hand-written full stack's `pb.Add/Sum` on 127.0.0.1, port 0; resolves to the port. */
export function startGrpcByHand(): Promise<number> {
  const stack = stackByHand();
  const server = new Server();
  server.addService(loadPbAdd().definition, {
    Sum(call: ServerUnaryCall<PbSumRequest, PbSumReply>, callback: sendUnaryData<PbSumReply>) {
      let v = 0;
      const outcome = stack(call.metadata, metadataGetter, () => {
        v = Number(call.request.a) + Number(call.request.b);
        return true;
      });
      if (outcome === "rate-limited")
        return callback({ code: status.RESOURCE_EXHAUSTED, details: "rate limit exceeded" });
      if (outcome === "breaker-open")
        return callback({ code: status.UNAVAILABLE, details: "circuit breaker is open" });
      callback(null, { v: String(v), err: "" });
    },
  });
  return new Promise((resolve, reject) => {
    server.bindAsync("127.0.0.1:0", ServerCredentials.createInsecure(), (err, port) =>
      err ? reject(err) : resolve(port),
    );
  });
}
