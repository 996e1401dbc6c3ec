import type { Endpoint } from "@kit/endpoint";
import type { ClientOptions } from "@kit/transport-http";
import {
  createClient,
  createServer,
  decodeJSONRequest,
  decodeJSONResponse,
  jsonRequestEncoder,
  jsonResponseEncoder,
} from "@kit/transport-http";
import type { RouteOptions } from "fastify";
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

/**
 * Writes a response as `{"v":..}`, what the int64 serialiser makes of it (it skips the
 * undefined `err` and the `failed` method), without walking the object for the usual `v`.
 */
function stringifyResponse(response: unknown): string {
  const v = typeof response === "object" && response !== null ? (response as { v?: unknown }).v : 0;
  if (typeof v === "bigint") return `{"v":${v}}`;
  if (typeof v === "string") return `{"v":${JSON.stringify(v)}}`;
  return stringifyInt64JSON(response);
}

/** Writes `{"v":..}`; a business error is answered by the error encoder instead. */
const encodeResponse = jsonResponseEncoder({ stringify: stringifyResponse });

/**
 * The HTTP/JSON routes of addsvc (go-kit's `addtransport.NewHTTPHandler`): `POST /sum` and
 * `POST /concat`, `{"a":..,"b":..}` in (any key case, any or no content type), `{"v":..}` out,
 * a business error as 400 `{"error": message}`, int64 exact both ways.
 */
export function httpRoutes(endpoints: AddEndpoints): RouteOptions[] {
  return [
    {
      method: "POST",
      url: "/sum",
      handler: createServer(
        endpoints.sum,
        decodeJSONRequest({ schema: sumRequestSchema, parse: parseInt64JSON }),
        encodeResponse,
      ),
    },
    {
      method: "POST",
      url: "/concat",
      handler: createServer(
        endpoints.concat,
        decodeJSONRequest({ schema: concatRequestSchema, parse: parseInt64JSON }),
        encodeResponse,
      ),
    },
  ];
}

/**
 * Endpoints that call a remote addsvc over HTTP/JSON (go-kit's `addtransport.NewHTTPClient`).
 * `baseUrl` is like `http://127.0.0.1:8081`. Both methods send through `dispatcher` when given
 * (closing it is then the caller's: a gateway closes an instance's pool when it leaves); without
 * one each method keeps its own keep-alive pool for the life of the process.
 */
export function httpClientEndpoints(
  baseUrl: string,
  dispatcher?: ClientOptions["dispatcher"],
): AddEndpoints {
  const encode = jsonRequestEncoder({ stringify: stringifyInt64JSON });
  const options: ClientOptions = dispatcher === undefined ? {} : { dispatcher };
  const sum: Endpoint<SumRequest, SumResponse> = keepBusinessErrors(
    createClient(
      "POST",
      new URL("/sum", baseUrl).href,
      encode,
      decodeJSONResponse({ schema: sumResponseSchema, parse: parseInt64JSON }),
      options,
    ),
    0n,
  );
  const concat: Endpoint<ConcatRequest, ConcatResponse> = keepBusinessErrors(
    createClient(
      "POST",
      new URL("/concat", baseUrl).href,
      encode,
      decodeJSONResponse({ schema: concatResponseSchema, parse: parseInt64JSON }),
      options,
    ),
    "",
  );
  return { sum, concat };
}
