import { credentials } from "@grpc/grpc-js";
import { circuitBreaker } from "@kit/circuitbreaker";
import type { Endpoint, Logger } from "@kit/endpoint";
import { withTimeout } from "@kit/endpoint";
import type { Factory } from "@kit/endpoint/sd";
import type {
  AddEndpoints,
  ConcatRequest,
  ConcatResponse,
  SumRequest,
  SumResponse,
} from "@kit/example-addsvc/dist/endpoint/set.js";
import { grpcClientEndpoints, loadAddService } from "@kit/example-addsvc/dist/transport/grpc.js";
import { httpClientEndpoints } from "@kit/example-addsvc/dist/transport/http.js";
import { Pool } from "undici";
import type { Transport } from "./discovery.js";

/** One call to an instance: the method and its request. */
export type AddCall =
  | { readonly method: "sum"; readonly request: SumRequest }
  | { readonly method: "concat"; readonly request: ConcatRequest };

/** What an instance answers to an {@link AddCall}: the method's response. */
export type AddReply = SumResponse | ConcatResponse;

/** Options of {@link upstreamFactory}. */
export interface UpstreamOptions {
  /** How to call each instance. */
  readonly transport: Transport;
  /** Path of addsvc.proto; used with `transport: "grpc"`. */
  readonly protoPath: string;
  /** The deadline of one attempt on one instance, in ms. */
  readonly attemptTimeoutMs: number;
  /** Consecutive failures of one instance that open its breaker. */
  readonly breakerThreshold: number;
  /** How long an instance's open breaker fails calls fast before one probe, in ms. */
  readonly breakerOpenMs: number;
  /** Receives each instance's breaker state changes. */
  readonly logger: Logger;
  /** Counts attempts in flight: called with +1 when one starts and -1 when it settles. */
  readonly onAttempt: (delta: 1 | -1) => void;
}

/**
 * A {@link Factory} of one endpoint per addsvc instance, over HTTP or gRPC. Each instance gets
 * its own circuit breaker (outermost, so an open breaker fails fast with `unavailable` without
 * touching the instance) and a deadline on every attempt (`deadline_exceeded` when it fires; the
 * call to the instance is cancelled). An instance's gRPC client or HTTP connection pool is closed
 * when it leaves.
 *
 * @example
 * const endpointer = createEndpointer(instancer, upstreamFactory({ transport: "http", ... }));
 */
export function upstreamFactory(options: UpstreamOptions): Factory<AddCall, AddReply> {
  const { transport, attemptTimeoutMs, logger, onAttempt } = options;
  const grpc = transport === "grpc" ? loadAddService(options.protoPath) : undefined;
  return (instance) => {
    let endpoints: AddEndpoints;
    let closeClient: (() => void) | undefined;
    if (grpc) {
      const client = new grpc.Client(instance, credentials.createInsecure());
      endpoints = grpcClientEndpoints(client);
      closeClient = () => client.close();
    } else {
      const pool = new Pool(`http://${instance}`);
      endpoints = httpClientEndpoints(`http://${instance}`, pool);
      closeClient = () => void pool.close();
    }
    const dispatch: Endpoint<AddCall, AddReply> = (ctx, call) =>
      call.method === "sum"
        ? endpoints.sum(ctx, call.request)
        : endpoints.concat(ctx, call.request);
    const attempt: Endpoint<AddCall, AddReply> = async (ctx, call) => {
      const [attemptCtx, cancel] = withTimeout(ctx, attemptTimeoutMs);
      onAttempt(1);
      try {
        return await dispatch(attemptCtx, call);
      } finally {
        cancel();
        onAttempt(-1);
      }
    };
    const breaker = circuitBreaker({
      breaker: "consecutive",
      threshold: options.breakerThreshold,
      halfOpenAfterMs: options.breakerOpenMs,
      onStateChange: (state) =>
        logger.log({ level: "info", msg: "apigateway: instance breaker", instance, state }),
    });
    return {
      endpoint: breaker(attempt),
      close: () => {
        breaker.dispose();
        closeClient?.();
      },
    };
  };
}
