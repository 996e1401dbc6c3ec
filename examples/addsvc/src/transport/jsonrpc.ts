import type { Endpoint } from "@kit/endpoint";
import { schemaDecoder } from "@kit/endpoint";
import {
  createJsonRpcClient,
  createJsonRpcServer,
  endpointCodec,
} from "@kit/transport-http/jsonrpc";
import type { RouteHandlerMethod } from "fastify";
import type {
  AddEndpoints,
  ConcatRequest,
  ConcatResponse,
  SumRequest,
  SumResponse,
} from "../endpoint/set.js";
import { parseInt64JSON, stringifyInt64JSON } from "../int64-json.js";
import {
  concatRequestSchema,
  concatResponseSchema,
  sumRequestSchema,
  sumResponseSchema,
} from "./json-codec.js";
import { keepBusinessErrors } from "./wire.js";

const decodeSum = schemaDecoder(sumRequestSchema);
const decodeConcat = schemaDecoder(concatRequestSchema);
const decodeSumResult = schemaDecoder(sumResponseSchema);
const decodeConcatResult = schemaDecoder(concatResponseSchema);
const int64 = { parse: parseInt64JSON, stringify: stringifyInt64JSON };

/**
 * The JSON-RPC 2.0 handler of addsvc (go-kit's `addtransport.NewJSONRPCHandler`): methods `sum`
 * and `concat` with params `{"a","b"}`. Better than go-kit 0.10: business errors come back as
 * error objects, and invalid params as -32602.
 */
export function jsonRpcHandler(endpoints: AddEndpoints): RouteHandlerMethod {
  return createJsonRpcServer(
    {
      sum: endpointCodec(
        endpoints.sum,
        async (_ctx, params) => decodeSum(params),
        async (_ctx, res) => ({ v: res.v }),
      ),
      concat: endpointCodec(
        endpoints.concat,
        async (_ctx, params) => decodeConcat(params),
        async (_ctx, res) => ({ v: res.v }),
      ),
    },
    int64,
  );
}

/**
 * Endpoints that call a remote addsvc over JSON-RPC (go-kit's `addtransport.NewJSONRPCClient`).
 * `url` is like `http://127.0.0.1:8084`.
 */
export function jsonRpcClientEndpoints(url: string): AddEndpoints {
  const sum: Endpoint<SumRequest, SumResponse> = keepBusinessErrors(
    createJsonRpcClient(url, "sum", {
      encode: async (_ctx, r: SumRequest) => ({ a: r.a, b: r.b }),
      decode: async (_ctx, result) => decodeSumResult(result),
      ...int64,
    }),
    0n,
  );
  const concat: Endpoint<ConcatRequest, ConcatResponse> = keepBusinessErrors(
    createJsonRpcClient(url, "concat", {
      encode: async (_ctx, r: ConcatRequest) => ({ a: r.a, b: r.b }),
      decode: async (_ctx, result) => decodeConcatResult(result),
      ...int64,
    }),
    "",
  );
  return { sum, concat };
}
