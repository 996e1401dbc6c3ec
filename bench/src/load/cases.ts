// The rows of the benchmark, their groups and references, and the targets from the issue.
import type { LoadKind, ServerKind } from "./protocol.js";

/** One row: a load kind run against one server. */
export interface Case {
  readonly id: string;
  readonly label: string;
  readonly load: LoadKind;
  readonly server: ServerKind;
}

/** A table: rows compared with one reference row of the same table. */
export interface Group {
  readonly title: string;
  /** What the rows do, one line above the table. */
  readonly note: string;
  /** Whose CPU time the "CPU µs/req" column is. */
  readonly cpuOf: "server" | "client";
  readonly cases: readonly Case[];
  /** The id of the reference row: every row's ratio is its req/s over this one's. */
  readonly reference: string;
}

/** A goal from the issue: `numerator` req/s at least `min` times `denominator` req/s. */
export interface Target {
  readonly label: string;
  readonly numerator: string;
  readonly denominator: string;
  readonly min: number;
}

/** Every group, in the order the rounds visit them. */
export const groups: readonly Group[] = [
  {
    title: "HTTP servers: POST /sum",
    note: 'autocannon, keep-alive connections, body `{"a":20,"b":22}`, every answer checked for 2xx and `{"v":42}`',
    cpuOf: "server",
    reference: "fastify",
    cases: [
      {
        id: "kit-full",
        label: "@kit/transport-http, addsvc full stack",
        load: "http-server",
        server: "kit-full",
      },
      {
        id: "kit-bare",
        label: "@kit/transport-http, addsvc no middleware",
        load: "http-server",
        server: "kit-bare",
      },
      {
        id: "fastify-by-hand",
        label: "raw fastify 5 + the full stack's work by hand",
        load: "http-server",
        server: "fastify-by-hand",
      },
      { id: "fastify", label: "raw fastify 5", load: "http-server", server: "fastify" },
      { id: "node-http", label: "raw node:http", load: "http-server", server: "node-http" },
      {
        id: "nest-validation",
        label: "NestJS 11 (fastify), ValidationPipe",
        load: "http-server",
        server: "nest-validation",
      },
      {
        id: "nest-minimal",
        label: "NestJS 11 (fastify), minimal pipe",
        load: "http-server",
        server: "nest-minimal",
      },
      {
        id: "moleculer",
        label: "Moleculer 0.14 + moleculer-web",
        load: "http-server",
        server: "moleculer",
      },
    ],
  },
  {
    title: "gRPC servers: pb.Add/Sum",
    note: "a raw grpc-js client on one channel, calls in flight as below, every reply checked",
    cpuOf: "server",
    reference: "grpc-raw",
    cases: [
      {
        id: "grpc-kit-full",
        label: "@kit/transport-grpc, addsvc full stack",
        load: "grpc-server",
        server: "grpc-kit-full",
      },
      {
        id: "grpc-kit-bare",
        label: "@kit/transport-grpc, addsvc no middleware",
        load: "grpc-server",
        server: "grpc-kit-bare",
      },
      {
        id: "grpc-by-hand",
        label: "raw grpc-js server + the full stack's work by hand",
        load: "grpc-server",
        server: "grpc-by-hand",
      },
      { id: "grpc-raw", label: "raw grpc-js server", load: "grpc-server", server: "grpc-raw" },
    ],
  },
  {
    title: "HTTP clients: calling raw fastify POST /sum",
    note: "the client under test in its own process, same-size undici Pool, every answer checked",
    cpuOf: "client",
    reference: "http-client-undici",
    cases: [
      {
        id: "http-client-kit",
        label: "@kit/transport-http client endpoint",
        load: "http-client-kit",
        server: "fastify",
      },
      {
        id: "http-client-undici",
        label: "raw undici Pool",
        load: "http-client-undici",
        server: "fastify",
      },
    ],
  },
  {
    title: "gRPC clients: calling raw grpc-js pb.Add/Sum",
    note: "the client under test in its own process, one channel, every reply checked",
    cpuOf: "client",
    reference: "grpc-client-raw",
    cases: [
      {
        id: "grpc-client-kit",
        label: "@kit/transport-grpc client endpoint",
        load: "grpc-client-kit",
        server: "grpc-raw",
      },
      {
        id: "grpc-client-raw",
        label: "raw grpc-js client",
        load: "grpc-client-raw",
        server: "grpc-raw",
      },
    ],
  },
];

/** The targets, judged on the median of the per-round ratios. */
export const targets: readonly Target[] = [
  {
    label: "HTTP full stack ≥ 0.90× raw fastify",
    numerator: "kit-full",
    denominator: "fastify",
    min: 0.9,
  },
  {
    label: "HTTP full stack ≥ 0.90× raw fastify doing the same work by hand (not from the issue)",
    numerator: "kit-full",
    denominator: "fastify-by-hand",
    min: 0.9,
  },
  {
    label: "gRPC full stack ≥ 0.90× raw grpc-js",
    numerator: "grpc-kit-full",
    denominator: "grpc-raw",
    min: 0.9,
  },
  {
    label: "gRPC full stack ≥ 0.90× raw grpc-js doing the same work by hand (not from the issue)",
    numerator: "grpc-kit-full",
    denominator: "grpc-by-hand",
    min: 0.9,
  },
  {
    label: "HTTP full stack ≥ 2× NestJS (ValidationPipe)",
    numerator: "kit-full",
    denominator: "nest-validation",
    min: 2,
  },
  {
    label: "HTTP full stack ≥ 2× NestJS (minimal pipe)",
    numerator: "kit-full",
    denominator: "nest-minimal",
    min: 2,
  },
  {
    label: "HTTP full stack ≥ 1.8× Moleculer",
    numerator: "kit-full",
    denominator: "moleculer",
    min: 1.8,
  },
];

/** Every row, in round order. */
export const allCases: readonly Case[] = groups.flatMap((g) => g.cases);
