// addsvc itself (startAddsvc), on HTTP or gRPC, with go-kit addsvc's full middleware stack or
// with none.
import type { Addsvc } from "@kit/example-addsvc/dist/app.js";
import { startAddsvc } from "@kit/example-addsvc/dist/app.js";
import { makeEndpoints } from "@kit/example-addsvc/dist/endpoint/set.js";
import { protoPath } from "@kit/example-addsvc/dist/proto-path.js";
import { addService } from "@kit/example-addsvc/dist/service/service.js";
import { logfmtLogger, timestampUTC, withFields } from "@kit/log";
import { Registry } from "prom-client";
import { droppingTracer } from "./dropping-tracer.js";

/** Which listener, and whether the endpoints carry the full stack or nothing. */
export interface KitServerOptions {
  readonly transport: "http" | "grpc";
  readonly middleware: "full" | "none";
}

/** Far above anything a benchmark reaches, so the limiter always allows (but still runs). */
const unlimited = { ratePerSec: 1e9, burst: 1e9 };

/**
 * Starts addsvc on 127.0.0.1, port 0. `full`: addsvc's own wiring, i.e. rate limiter (set
 * high), circuit breaker, Prometheus instrumenting, logging (logfmt with a UTC timestamp, as
 * `addsvc` logs, into a sink that drops the lines) and a SERVER span per request from an SDK
 * tracer whose exporter drops them. `none`: the bare endpoints, straight on the transport.
 */
export async function startKit({ transport, middleware }: KitServerOptions): Promise<Addsvc> {
  const at = { host: "127.0.0.1", port: 0 };
  const listener = transport === "http" ? { http: at } : { grpc: at };
  if (middleware === "none")
    return startAddsvc({ ...listener, protoPath, endpoints: makeEndpoints(addService()) });
  const nullSink = { write: () => true };
  return startAddsvc({
    ...listener,
    protoPath,
    limits: { sum: unlimited, concat: unlimited },
    logger: withFields(logfmtLogger(nullSink), { ts: timestampUTC }),
    registry: new Registry(),
    tracer: droppingTracer("addsvc"),
  });
}
