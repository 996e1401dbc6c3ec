import type { Context, Endpoint, Failer } from "@kit/endpoint";
import {
  appendOutgoingMetadata,
  background,
  createMetadata,
  KitError,
  outgoingMetadata,
  withIncomingMetadata,
} from "@kit/endpoint";
import { SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import { traceClient } from "../src/client.js";
import { spanFromContext } from "../src/otel-context.js";
import { traceServer } from "../src/server.js";
import type { Recorder } from "./support/sdk.js";
import { createRecorder, remoteParent } from "./support/sdk.js";

let rec: Recorder;
beforeEach(() => {
  rec = createRecorder();
});
afterEach(() => rec.shutdown());

/** A client endpoint that answers with the outgoing metadata it would send. */
const sent: Endpoint<unknown, Record<string, string[]>> = async (ctx) =>
  outgoingMetadata(ctx).toJSON();

/** Runs `fn` inside a server span, as an endpoint behind traceServer would. */
function insideServer<T>(fn: (ctx: Context) => Promise<T>): Promise<T> {
  return traceServer(rec.tracer, { operation: "server" })((ctx: Context, _req: unknown) => fn(ctx))(
    background(),
    undefined,
  );
}

describe("traceClient", () => {
  it("records a CLIENT span, child of the server span in the kit context", async () => {
    await insideServer((ctx) => traceClient(rec.tracer, { operation: "call" })(sent)(ctx, 1));
    const server = await rec.span("server");
    const client = await rec.span("call");
    expect(client.kind).toBe(SpanKind.CLIENT);
    expect(client.spanContext().traceId).toBe(server.spanContext().traceId);
    expect(client.parentSpanContext?.spanId).toBe(server.spanContext().spanId);
  });

  it("starts a new trace without a parent", async () => {
    await traceClient(rec.tracer, { operation: "call" })(sent)(background(), 1);
    expect((await rec.span("call")).parentSpanContext).toBeUndefined();
  });

  it("sends its own span as traceparent in the outgoing metadata", async () => {
    const md = await traceClient(rec.tracer, { operation: "call" })(sent)(background(), 1);
    const sc = (await rec.span("call")).spanContext();
    expect(md).toEqual({ traceparent: [`00-${sc.traceId}-${sc.spanId}-01`] });
  });

  it("sends B3 multi headers with the parent span id", async () => {
    const md = await insideServer((ctx) =>
      traceClient(rec.tracer, { operation: "call", propagator: ["b3-multi"] })(sent)(ctx, 1),
    );
    const server = (await rec.span("server")).spanContext();
    const client = (await rec.span("call")).spanContext();
    expect(md).toEqual({
      "x-b3-traceid": [client.traceId],
      "x-b3-spanid": [client.spanId],
      "x-b3-parentspanid": [server.spanId],
      "x-b3-sampled": ["1"],
    });
  });

  it("replaces trace headers already in the outgoing metadata and keeps the others", async () => {
    const parent = appendOutgoingMetadata(background(), {
      traceparent: remoteParent.traceparent,
      "x-request-id": "r-1",
    });
    const md = await traceClient(rec.tracer, { operation: "call" })(sent)(parent, 1);
    expect(md.traceparent).toHaveLength(1);
    expect(md.traceparent?.[0]).not.toBe(remoteParent.traceparent);
    expect(md["x-request-id"]).toEqual(["r-1"]);
    expect(outgoingMetadata(parent).get("traceparent")).toBe(remoteParent.traceparent);
  });

  it("hands the wrapped endpoint its span (as a transport's after hook sees it)", async () => {
    let seen: string | undefined;
    await traceClient(rec.tracer, { operation: "call" })(async (ctx: Context) => {
      seen = spanFromContext(ctx)?.spanContext().spanId;
    })(background(), 1);
    expect(seen).toBe((await rec.span("call")).spanContext().spanId);
  });

  it("records a thrown error and rethrows it unchanged", async () => {
    const err = new KitError("unavailable", "connection refused");
    await expect(
      traceClient(rec.tracer, { operation: "call" })(async () => {
        throw err;
      })(background(), 1),
    ).rejects.toBe(err);
    const span = await rec.span("call");
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: "connection refused" });
    expect(span.attributes["error.type"]).toBe("unavailable");
  });

  it("records a Failer's business error", async () => {
    const reply: Failer = { failed: () => new RangeError("too big") };
    await traceClient(rec.tracer, { operation: "call" })(async () => reply)(background(), 1);
    const span = await rec.span("call");
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.attributes["error.type"]).toBe("RangeError");
  });

  it("sends nothing without an SDK and without a parent", async () => {
    const md = await traceClient(trace.getTracer("none"), { operation: "call" })(sent)(
      background(),
      1,
    );
    expect(md).toEqual({});
  });

  it("passes a received trace on without an SDK", async () => {
    const none = trace.getTracer("none");
    const ctx = withIncomingMetadata(
      background(),
      createMetadata({ traceparent: remoteParent.traceparent }),
    );
    const md = await traceServer(none, { operation: "s" })((c: Context, r: number) =>
      traceClient(none, { operation: "c" })(sent)(c, r),
    )(ctx, 1);
    expect(md).toEqual({ traceparent: [remoteParent.traceparent] });
  });

  it("throws a TypeError at construction for a bad propagator", () => {
    expect(() =>
      traceClient(rec.tracer, { operation: "call", propagator: { fields: () => [] } as never }),
    ).toThrow(/^traceClient: propagator must be/);
  });
});
