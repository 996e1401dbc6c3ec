import type { Client as GrpcClient, Server as GrpcServer } from "@grpc/grpc-js";
import type { Endpoint } from "@kit/endpoint";
import { KitError } from "@kit/endpoint";
import type { LoadedService } from "@kit/transport-grpc";
import { addService, createClient, createServer, loadService } from "@kit/transport-grpc";
import type {
  AddEndpoints,
  ConcatRequest,
  ConcatResponse,
  SumRequest,
  SumResponse,
} from "../endpoint/set.js";
import { response } from "../endpoint/set.js";
import { businessErrorFromMessage } from "./wire.js";

/** `pb.SumRequest` as proto-loader gives it: int64 as decimal strings. */
interface PbSumRequest {
  a: string;
  b: string;
}
/** `pb.SumReply`: the business error, if any, travels in `err`. */
interface PbSumReply {
  v: string;
  err: string;
}
/** `pb.ConcatRequest`. */
interface PbConcatRequest {
  a: string;
  b: string;
}
/** `pb.ConcatReply`. */
interface PbConcatReply {
  v: string;
  err: string;
}

const int64Min = -(2n ** 63n);
const int64Max = 2n ** 63n - 1n;

/**
 * An operand as a `pb` int64. protobufjs would silently wrap a value outside int64 (2^63 becomes
 * -2^63) and call the server with another number, so such a value is refused before sending.
 */
function int64Field(name: string, n: bigint): string {
  if (n < int64Min || n > int64Max)
    throw new KitError("invalid_argument", `${name}: integer out of int64 range`);
  return n.toString();
}

/** Loads the `pb.Add` service from addsvc.proto. */
export function loadAddService(protoPath: string): LoadedService<"Sum" | "Concat"> {
  return loadService<"Sum" | "Concat">(protoPath, "pb.Add");
}

/**
 * Registers the add endpoints on a grpc-js server as `pb.Add` (go-kit's
 * `addtransport.NewGRPCServer`): business errors go into the reply's `err`, other errors become
 * gRPC statuses.
 */
export function registerGrpcServer(
  server: GrpcServer,
  service: LoadedService<"Sum" | "Concat">,
  endpoints: AddEndpoints,
): void {
  addService(server, service.definition, {
    Sum: createServer(
      endpoints.sum,
      async (_ctx, r: PbSumRequest): Promise<SumRequest> => ({ a: BigInt(r.a), b: BigInt(r.b) }),
      async (_ctx, r: SumResponse): Promise<PbSumReply> => ({
        v: r.v.toString(),
        err: r.err?.message ?? "",
      }),
    ),
    Concat: createServer(
      endpoints.concat,
      async (_ctx, r: PbConcatRequest): Promise<ConcatRequest> => ({ a: r.a, b: r.b }),
      async (_ctx, r: ConcatResponse): Promise<PbConcatReply> => ({
        v: r.v,
        err: r.err?.message ?? "",
      }),
    ),
  });
}

/**
 * Endpoints that call a remote `pb.Add` over gRPC (go-kit's `addtransport.NewGRPCClient`); a
 * reply's `err` comes back as the same business error.
 */
export function grpcClientEndpoints(client: GrpcClient): AddEndpoints {
  const sum: Endpoint<SumRequest, SumResponse> = createClient(
    client,
    "Sum",
    async (_ctx, r: SumRequest): Promise<PbSumRequest> => ({
      a: int64Field("a", r.a),
      b: int64Field("b", r.b),
    }),
    async (_ctx, r: PbSumReply) => response(BigInt(r.v), businessErrorFromMessage(r.err)),
  );
  const concat: Endpoint<ConcatRequest, ConcatResponse> = createClient(
    client,
    "Concat",
    async (_ctx, r: ConcatRequest): Promise<PbConcatRequest> => ({ a: r.a, b: r.b }),
    async (_ctx, r: PbConcatReply) => response(r.v, businessErrorFromMessage(r.err)),
  );
  return { sum, concat };
}
