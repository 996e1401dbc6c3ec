// Type-level checks: `pnpm typecheck` compiles this file, so each `@ts-expect-error` line must
// really be an error, and the plain lines must compile. At run time it only checks a few values.
import type { Endpoint } from "@kit/endpoint";
import { background } from "@kit/endpoint";
import type { RouteHandlerMethod } from "fastify";
import { z } from "zod";
import type { ClientEndpoint, DecodeResponseFunc, EncodeRequestFunc } from "../src/client.js";
import { createClient } from "../src/client.js";
import { decodeJSONResponse, encodeJSONRequest } from "../src/json-client.js";
import { decodeJSONRequest, encodeJSONResponse } from "../src/json-server.js";
import type { EndpointCodecMap } from "../src/jsonrpc/server.js";
import { createJsonRpcServer, endpointCodec } from "../src/jsonrpc/server.js";
import type { DecodeRequestFunc, EncodeResponseFunc } from "../src/server.js";
import { createServer } from "../src/server.js";

interface SumReq {
  a: number;
  b: number;
}
interface SumRes {
  v: number;
}
interface ConcatReq {
  a: string;
  b: string;
}
const sum: Endpoint<SumReq, SumRes> = async (_ctx, { a, b }) => ({ v: a + b });
const decodeSum: DecodeRequestFunc<SumReq> = async () => ({ a: 1, b: 2 });
const decodeConcat: DecodeRequestFunc<ConcatReq> = async () => ({ a: "", b: "" });
const encodeSum: EncodeResponseFunc<SumRes> = async () => {};
const encodeText: EncodeResponseFunc<string> = async () => {};
const sumSchema = z.object({ a: z.number(), b: z.number() });
const concatSchema = z.object({ a: z.string(), b: z.string() });

describe("types", () => {
  it("flow from decoder through endpoint to encoder on the server", () => {
    const ok: RouteHandlerMethod = createServer(sum, decodeSum, encodeSum);
    createServer(sum, decodeJSONRequest({ schema: sumSchema }), encodeJSONResponse);
    createServer(sum, decodeJSONRequest<SumReq>(), encodeJSONResponse);
    // @ts-expect-error the decoder yields ConcatReq, the endpoint takes SumReq
    createServer(sum, decodeConcat, encodeSum);
    // @ts-expect-error the schema's output does not fit the endpoint's request
    createServer(sum, decodeJSONRequest({ schema: concatSchema }), encodeJSONResponse);
    // @ts-expect-error the encoder takes a string, the endpoint returns SumRes
    createServer(sum, decodeSum, encodeText);
    // @ts-expect-error without a schema or a type argument the request is unknown
    createServer(sum, decodeJSONRequest(), encodeJSONResponse);
    expect(typeof ok).toBe("function");
  });

  it("flow from encoder through the remote call to decoder on the client", async () => {
    const encodeSumReq: EncodeRequestFunc<SumReq> = encodeJSONRequest;
    const decodeSumRes: DecodeResponseFunc<SumRes> = decodeJSONResponse({
      schema: z.object({ v: z.number() }),
    });
    const client = createClient("POST", "http://127.0.0.1:1/sum", encodeSumReq, decodeSumRes);
    const typed: ClientEndpoint<SumReq, SumRes> = client;
    const asEndpoint: Endpoint<SumReq, SumRes> = client;
    // @ts-expect-error the client takes SumReq
    const wrongRequest = () => client(background(), { a: "1", b: 2 });
    // @ts-expect-error the client resolves to SumRes, not ConcatReq
    const wrongResponse: Endpoint<SumReq, ConcatReq> = client;
    // @ts-expect-error a schema decoder's output is not any type the caller likes
    const mismatched: DecodeResponseFunc<ConcatReq> = decodeJSONResponse({ schema: sumSchema });
    expect([typeof typed, typeof asEndpoint, typeof wrongRequest, typeof wrongResponse]).toEqual([
      "function",
      "function",
      "function",
      "function",
    ]);
    expect(typeof mismatched).toBe("function");
    await client.close();
  });

  it("check each JSON-RPC codec against its endpoint, yet let a map hold different codecs", () => {
    const codecs: EndpointCodecMap = {
      sum: endpointCodec(
        sum,
        async (_ctx, p) => p as SumReq,
        async (_ctx, r) => r.v,
      ),
      concat: endpointCodec(
        async (_ctx, r: ConcatReq) => r.a + r.b,
        async (_ctx, p) => p as ConcatReq,
        async (_ctx, r) => r.toUpperCase(),
      ),
    };
    const decodeConcatParams = async (_ctx: unknown, p: unknown) => p as ConcatReq;
    const decodeSumParams = async (_ctx: unknown, p: unknown) => p as SumReq;
    const encodeString = async (_ctx: unknown, r: string) => r;
    // @ts-expect-error the params decoder yields ConcatReq, the endpoint takes SumReq
    endpointCodec(sum, decodeConcatParams, async () => null);
    // @ts-expect-error the encoder reads a string, the endpoint returns SumRes
    endpointCodec(sum, decodeSumParams, encodeString);
    expect(typeof createJsonRpcServer(codecs)).toBe("function");
  });
});
