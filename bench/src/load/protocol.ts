// What the parent and its child processes say to each other: one JSON object per stdout line.

/** Every server the benchmark can start, each in its own process. */
export type ServerKind =
  | "kit-full"
  | "kit-bare"
  | "fastify"
  | "fastify-by-hand"
  | "node-http"
  | "nest-validation"
  | "nest-minimal"
  | "moleculer"
  | "grpc-kit-full"
  | "grpc-kit-bare"
  | "grpc-by-hand"
  | "grpc-raw";

/** Every way of making load: against a server, or a client being measured. */
export type LoadKind =
  | "http-server"
  | "grpc-server"
  | "http-client-kit"
  | "http-client-undici"
  | "grpc-client-kit"
  | "grpc-client-raw";

/** One load run, handed to a load process as its only argument. */
export interface LoadSpec {
  readonly kind: LoadKind;
  /** `host:port` of the server under load (or called by the client under test). */
  readonly address: string;
  /** Requests in flight at any time (HTTP connections for autocannon). */
  readonly concurrency: number;
  /** Load before measuring, not counted. */
  readonly warmupMs: number;
  /** Measured load. */
  readonly durationMs: number;
}

/** The line a server process prints once it listens. */
export interface ReadyLine {
  readonly port: number;
}

/** The line a load process prints when its measured phase begins. */
export interface StartLine {
  readonly phase: "measuring";
}

/** What one measured load run gives: its counts and its latency percentiles. */
export interface LoadResult {
  /** Responses that arrived with a 2xx status (gRPC: OK) and the expected body. */
  readonly ok: number;
  /** Wall time of the measured phase, in seconds. */
  readonly seconds: number;
  /** Median latency of the good responses, in milliseconds. */
  readonly p50Ms: number;
  /** 99th percentile latency of the good responses, in milliseconds. */
  readonly p99Ms: number;
  /** Connection errors, timeouts and failed calls. */
  readonly errors: number;
  /** Responses with a status outside 2xx. */
  readonly non2xx: number;
  /** Responses whose body was not the expected sum. */
  readonly mismatches: number;
  /** CPU time of the load process over the measured phase, in microseconds. */
  readonly cpuUs: number;
}

/** The line a load process prints at the end. */
export interface ResultLine {
  readonly result: LoadResult;
}
