// The @kit/transport-grpc client endpoint, calling pb.Add/Sum through the same kind of grpc-js
// client the raw rows use.
import { background } from "@kit/endpoint";
import { createClient } from "@kit/transport-grpc";
import type { PbSumReply, PbSumRequest } from "../grpc-proto.js";
import { operands } from "../sum.js";
import type { Call } from "./closed-loop.js";
import type { AddClient } from "./grpc-load.js";

interface SumRequest {
  a: number;
  b: number;
}

interface SumResponse {
  v: number;
  err: string;
}

/** Calls `Sum` through a @kit/transport-grpc client endpoint over `client`. */
export function kitGrpcSumCall(client: AddClient): Call {
  const sum = createClient(
    client,
    "Sum",
    async (_ctx, r: SumRequest): Promise<PbSumRequest> => ({ a: String(r.a), b: String(r.b) }),
    async (_ctx, r: PbSumReply): Promise<SumResponse> => ({ v: Number(r.v), err: r.err }),
  );
  const ctx = background();
  return async (n) => {
    const req = operands(n);
    const res = await sum(ctx, req);
    return res.v === req.a + req.b && res.err === "";
  };
}
