import type { Server as GrpcServer } from "@grpc/grpc-js";
import * as grpc from "@grpc/grpc-js";
import type { Context, Endpoint } from "@kit/endpoint";
import { background, incomingMetadata, KitError } from "@kit/endpoint";
import {
  addService,
  createClient as createGrpcClient,
  createServer as createGrpcServer,
  loadService,
} from "@kit/transport-grpc";
import {
  createClient as createHttpClient,
  createServer as createHttpServer,
  decodeJSONRequest,
  decodeJSONResponse,
  encodeJSONRequest,
  encodeJSONResponse,
} from "@kit/transport-http";
import { SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import { ZipkinExporter } from "@opentelemetry/exporter-zipkin";
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { BatchSpanProcessor } from "@opentelemetry/sdk-trace-base";
import type { FastifyInstance } from "fastify";
import * as tracing from "../src/index.js";
import {
  httpAttributes,
  type PropagationFormat,
  recordHttpStatus,
  rpcAttributes,
  traceClient,
  traceServer,
  withSpanAttributes,
} from "../src/index.js";
import type { Recorder } from "./support/sdk.js";
import { createRecorder } from "./support/sdk.js";
import type { Receiver, Say } from "./support/servers.js";
import { echoProto, serveGrpc, serveHttp, startReceiver } from "./support/servers.js";

/** The endpoint both transports serve: echoes, fails on "fail", and notes the headers it got. */
let received: Record<string, string[]> = {};
const echo: Endpoint<Say, Say> = async (ctx, { text }) => {
  received = incomingMetadata(ctx).toJSON();
  if (text === "fail") throw new KitError("not_found", "nothing to echo");
  return { text };
};

/** The trace headers each format puts on the wire. */
const wire: Record<PropagationFormat, string[]> = {
  w3c: ["traceparent"],
  b3: ["b3"],
  "b3-multi": ["x-b3-traceid", "x-b3-spanid", "x-b3-sampled"],
};
const allTraceHeaders = ["traceparent", "tracestate", "b3", "x-b3-traceid", "x-b3-spanid"];
const formats: PropagationFormat[] = ["w3c", "b3", "b3-multi"];

/** Checks that `client` is `server`'s parent: same trace, kinds CLIENT/SERVER. */
function expectParent(client: ReadableSpan, server: ReadableSpan): void {
  expect(client.kind).toBe(SpanKind.CLIENT);
  expect(server.kind).toBe(SpanKind.SERVER);
  expect(server.spanContext().traceId).toBe(client.spanContext().traceId);
  expect(server.parentSpanContext?.spanId).toBe(client.spanContext().spanId);
  expect(server.parentSpanContext?.isRemote).toBe(true);
}

let rec: Recorder;
beforeEach(() => {
  rec = createRecorder();
  received = {};
});
afterEach(() => rec.shutdown());

describe("@kit/tracing", () => {
  it("exports its API by name", () => {
    expect(Object.keys(tracing).sort()).toEqual([
      "b3Propagator",
      "compositePropagator",
      "httpAttributes",
      "metadataGetter",
      "metadataSetter",
      "otelContextFrom",
      "recordError",
      "recordHttpStatus",
      "rpcAttributes",
      "spanFromContext",
      "traceClient",
      "traceServer",
      "w3cPropagator",
      "withOtelContext",
      "withSpanAttributes",
    ]);
  });
});

describe("over HTTP (@kit/transport-http)", () => {
  let app: FastifyInstance | undefined;
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
    await app?.close();
    app = undefined;
    close = undefined;
  });

  /** Serves echo behind traceServer and returns a client endpoint behind traceClient. */
  async function setup(
    propagator: PropagationFormat[],
    tracer = rec.tracer,
  ): Promise<Endpoint<Say, Say>> {
    const served = await serveHttp([
      {
        method: "POST",
        url: "/echo",
        handler: createHttpServer(
          traceServer(tracer, { operation: "POST /echo", propagator })(echo),
          decodeJSONRequest<Say>(),
          encodeJSONResponse,
          { before: [(ctx, req) => withSpanAttributes(ctx, httpAttributes(req.method, req.url))] },
        ),
      },
    ]);
    app = served.app;
    const client = createHttpClient(
      "POST",
      `${served.base}/echo`,
      encodeJSONRequest,
      decodeJSONResponse<Say>(),
      { after: [(ctx, res) => recordHttpStatus(ctx, res.status)] },
    );
    close = () => client.close();
    return traceClient(tracer, { operation: "call echo", propagator })(client);
  }

  it.each(formats)("makes the client span the server span's parent with %s", async (format) => {
    const call = await setup([format]);
    await expect(call(background(), { text: "hi" })).resolves.toEqual({ text: "hi" });
    expectParent(await rec.span("call echo"), await rec.span("POST /echo"));
    const sent = allTraceHeaders.filter((h) => h in received);
    expect(sent).toEqual(wire[format].filter((h) => allTraceHeaders.includes(h)));
  });

  it("records the HTTP attributes on both sides", async () => {
    const call = await setup(["w3c"]);
    await call(background(), { text: "hi" });
    expect((await rec.span("POST /echo")).attributes).toEqual({
      "http.request.method": "POST",
      "url.path": "/echo",
    });
    expect((await rec.span("call echo")).attributes).toEqual({
      "http.response.status_code": 200,
    });
  });

  it("marks both spans ERROR when the endpoint fails", async () => {
    const call = await setup(["w3c"]);
    await expect(call(background(), { text: "fail" })).rejects.toMatchObject({
      code: "not_found",
    });
    const server = await rec.span("POST /echo");
    const client = await rec.span("call echo");
    expectParent(client, server);
    expect(server.status).toEqual({ code: SpanStatusCode.ERROR, message: "nothing to echo" });
    expect(server.attributes["error.type"]).toBe("not_found");
    expect(client.status.code).toBe(SpanStatusCode.ERROR);
    expect(client.attributes["error.type"]).toBe("not_found");
    expect(client.attributes["http.response.status_code"]).toBe(404);
  });

  it("serves and calls without an SDK, sending no trace headers", async () => {
    const call = await setup(["w3c", "b3"], trace.getTracer("none"));
    await expect(call(background(), { text: "hi" })).resolves.toEqual({ text: "hi" });
    expect(allTraceHeaders.filter((h) => h in received)).toEqual([]);
    expect(await rec.spans()).toEqual([]);
  });
});

describe("over gRPC (@kit/transport-grpc)", () => {
  const { definition, Client } = loadService<"Say">(echoProto, "echo.Echo");
  let server: GrpcServer | undefined;
  let client: grpc.Client | undefined;
  afterEach(() => {
    client?.close();
    server?.forceShutdown();
    client = undefined;
    server = undefined;
  });

  const identity = async (_ctx: Context, m: Say): Promise<Say> => ({ text: m.text });

  async function setup(propagator: PropagationFormat[]): Promise<Endpoint<Say, Say>> {
    const attributes = rpcAttributes("grpc", "echo.Echo", "Say");
    const started = await serveGrpc((s) =>
      addService(s, definition, {
        Say: createGrpcServer(
          traceServer(rec.tracer, { operation: "echo.Echo/Say", propagator, attributes })(echo),
          identity,
          identity,
        ),
      }),
    );
    server = started.server;
    client = new Client(started.address, grpc.credentials.createInsecure());
    return traceClient(rec.tracer, { operation: "call Say", propagator, attributes })(
      createGrpcClient(client, "Say", identity, identity),
    );
  }

  it.each(formats)("makes the client span the server span's parent with %s", async (format) => {
    const call = await setup([format]);
    await expect(call(background(), { text: "hi" })).resolves.toEqual({ text: "hi" });
    const server = await rec.span("echo.Echo/Say");
    expectParent(await rec.span("call Say"), server);
    expect(server.attributes).toEqual({
      "rpc.system": "grpc",
      "rpc.service": "echo.Echo",
      "rpc.method": "Say",
    });
    const sent = allTraceHeaders.filter((h) => h in received);
    expect(sent).toEqual(wire[format].filter((h) => allTraceHeaders.includes(h)));
  });

  it("marks both spans ERROR with the status's code when the endpoint fails", async () => {
    const call = await setup(["w3c"]);
    await expect(call(background(), { text: "fail" })).rejects.toMatchObject({
      code: "not_found",
    });
    const server = await rec.span("echo.Echo/Say");
    const client = await rec.span("call Say");
    expectParent(client, server);
    expect(server.status.code).toBe(SpanStatusCode.ERROR);
    expect(client.status).toEqual({ code: SpanStatusCode.ERROR, message: "nothing to echo" });
    expect(client.attributes["error.type"]).toBe("not_found");
  });
});

describe("to Zipkin (@opentelemetry/exporter-zipkin)", () => {
  let receiver: Receiver;
  beforeEach(async () => {
    receiver = await startReceiver();
  });
  afterEach(() => receiver.close());

  interface ZipkinSpan {
    traceId: string;
    id: string;
    parentId?: string;
    kind: string;
    name: string;
    localEndpoint: { serviceName: string };
  }

  it("posts Zipkin v2 JSON in which the server span's parentId is the client span's id", async () => {
    const exporter = new ZipkinExporter({ url: receiver.url });
    const zipkin = createRecorder([new BatchSpanProcessor(exporter)], "echo-svc");
    const served = await serveHttp([
      {
        method: "POST",
        url: "/echo",
        handler: createHttpServer(
          traceServer(zipkin.tracer, { operation: "POST /echo", propagator: ["b3"] })(echo),
          decodeJSONRequest<Say>(),
          encodeJSONResponse,
        ),
      },
    ]);
    const http = createHttpClient(
      "POST",
      `${served.base}/echo`,
      encodeJSONRequest,
      decodeJSONResponse<Say>(),
    );
    try {
      const call = traceClient(zipkin.tracer, { operation: "call echo", propagator: ["b3"] })(http);
      await call(background(), { text: "hi" });
      await zipkin.provider.forceFlush(); // resolves once the exporter's POST was answered
    } finally {
      await http.close();
      await served.app.close();
      await zipkin.shutdown();
    }
    const spans = (receiver.bodies as ZipkinSpan[][]).flat();
    const client = spans.find((s) => s.kind === "CLIENT");
    const server = spans.find((s) => s.kind === "SERVER");
    expect(spans).toHaveLength(2);
    expect(client).toMatchObject({ name: "call echo", localEndpoint: { serviceName: "echo-svc" } });
    expect(client?.parentId).toBeUndefined();
    expect(server).toMatchObject({
      traceId: client?.traceId,
      parentId: client?.id,
      name: "POST /echo",
      localEndpoint: { serviceName: "echo-svc" },
    });
    expect(client?.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(server?.id).toMatch(/^[0-9a-f]{16}$/);
  });
});
