import type { Endpoint, Failer } from "@kit/endpoint";
import {
  background,
  createMetadata,
  KitError,
  outgoingMetadata,
  withIncomingMetadata,
} from "@kit/endpoint";
import { context, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { withSpanAttributes } from "../src/attributes.js";
import { b3Propagator } from "../src/b3.js";
import { traceClient } from "../src/client.js";
import { metadataSetter } from "../src/metadata-carrier.js";
import { otelContextFrom, spanFromContext } from "../src/otel-context.js";
import { traceServer } from "../src/server.js";
import type { Recorder } from "./support/sdk.js";
import { createRecorder, remoteParent } from "./support/sdk.js";

let rec: Recorder;
beforeEach(() => {
  rec = createRecorder();
});
afterEach(() => rec.shutdown());

const echo: Endpoint<string, string> = async (_ctx, s) => s;
const incoming = (headers: Record<string, string>) =>
  withIncomingMetadata(background(), createMetadata(headers));

class Reply implements Failer {
  constructor(readonly err?: Error) {}
  failed() {
    return this.err;
  }
}

describe("traceServer", () => {
  it("records a SERVER span named for the operation, ended, status unset", async () => {
    await traceServer(rec.tracer, { operation: "echo" })(echo)(background(), "hi");
    const span = await rec.span("echo");
    expect(span.kind).toBe(SpanKind.SERVER);
    expect(span.ended).toBe(true);
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    expect(span.parentSpanContext).toBeUndefined();
  });

  it("continues the trace found in the incoming traceparent", async () => {
    await traceServer(rec.tracer, { operation: "echo" })(echo)(
      incoming({ traceparent: remoteParent.traceparent }),
      "hi",
    );
    const span = await rec.span("echo");
    expect(span.spanContext().traceId).toBe(remoteParent.traceId);
    expect(span.parentSpanContext?.spanId).toBe(remoteParent.spanId);
    expect(span.parentSpanContext?.isRemote).toBe(true);
  });

  it("reads B3 only when configured to", async () => {
    const ctx = incoming({ b3: `${remoteParent.traceId}-${remoteParent.spanId}-1` });
    await traceServer(rec.tracer, { operation: "w3c" })(echo)(ctx, "hi");
    await traceServer(rec.tracer, { operation: "b3", propagator: ["b3"] })(echo)(ctx, "hi");
    expect((await rec.span("w3c")).spanContext().traceId).not.toBe(remoteParent.traceId);
    expect((await rec.span("b3")).spanContext().traceId).toBe(remoteParent.traceId);
  });

  it("lets a B3 inject from the endpoint's context name the remote caller as parent", async () => {
    let header: string | undefined;
    const ctx = incoming({
      b3: `${remoteParent.traceId}-${remoteParent.spanId}-1-05e3ac9a4f6e3b90`,
    });
    await traceServer(rec.tracer, { operation: "echo", propagator: ["b3"] })(
      async (inner, s: string) => {
        const md = createMetadata();
        b3Propagator().inject(otelContextFrom(inner), md, metadataSetter);
        header = md.get("b3");
        return s;
      },
    )(ctx, "hi");
    const { spanId } = (await rec.span("echo")).spanContext();
    expect(header).toBe(`${remoteParent.traceId}-${spanId}-1-${remoteParent.spanId}`);
  });

  it("hands the endpoint its span through the kit context", async () => {
    let seen: string | undefined;
    await traceServer(rec.tracer, { operation: "echo" })(async (ctx, s: string) => {
      seen = spanFromContext(ctx)?.spanContext().spanId;
      return s;
    })(background(), "hi");
    expect(seen).toBe((await rec.span("echo")).spanContext().spanId);
  });

  it("makes the span OpenTelemetry's active span while the endpoint runs, across awaits", async () => {
    const manager = new AsyncLocalStorageContextManager().enable();
    context.setGlobalContextManager(manager);
    try {
      let active: string | undefined;
      await traceServer(rec.tracer, { operation: "echo" })(async (_ctx, s: string) => {
        await Promise.resolve();
        active = trace.getActiveSpan()?.spanContext().spanId;
        return s;
      })(background(), "hi");
      expect(active).toBe((await rec.span("echo")).spanContext().spanId);
    } finally {
      context.disable();
    }
  });

  it("records a thrown KitError: status ERROR, its code as error.type, an exception event", async () => {
    const err = new KitError("not_found", "no such user");
    const traced = traceServer(rec.tracer, { operation: "echo" })(async () => {
      throw err;
    });
    await expect(traced(background(), "hi")).rejects.toBe(err);
    const span = await rec.span("echo");
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: "no such user" });
    expect(span.attributes["error.type"]).toBe("not_found");
    expect(span.events.map((e) => e.name)).toEqual(["exception"]);
    expect(span.ended).toBe(true);
  });

  it("records a Failer's business error and still returns the response", async () => {
    const reply = new Reply(new Error("negative"));
    const res = await traceServer(rec.tracer, { operation: "echo" })(async () => reply)(
      background(),
      "hi",
    );
    expect(res).toBe(reply);
    const span = await rec.span("echo");
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: "negative" });
    expect(span.attributes["error.type"]).toBe("Error");
  });

  it("leaves the status unset for a Failer without an error", async () => {
    await traceServer(rec.tracer, { operation: "echo" })(async () => new Reply())(
      background(),
      "hi",
    );
    expect((await rec.span("echo")).status.code).toBe(SpanStatusCode.UNSET);
  });

  it("sets its attributes and the context's, which calls made inside do not inherit", async () => {
    const call = traceClient(rec.tracer, { operation: "downstream" })(echo);
    const traced = traceServer(rec.tracer, {
      operation: "echo",
      attributes: { "rpc.system": "grpc" },
    })((ctx, s: string) => call(ctx, s));
    await traced(withSpanAttributes(background(), { "url.path": "/echo" }), "hi");
    expect((await rec.span("echo")).attributes).toEqual({
      "rpc.system": "grpc",
      "url.path": "/echo",
    });
    expect((await rec.span("downstream")).attributes).toEqual({});
  });

  it("works without an SDK: the endpoint runs and nothing is recorded", async () => {
    let outgoing: unknown;
    const traced = traceServer(trace.getTracer("none"), { operation: "echo" })(
      async (ctx, s: string) => {
        outgoing = outgoingMetadata(ctx).toJSON();
        return s.toUpperCase();
      },
    );
    await expect(traced(background(), "hi")).resolves.toBe("HI");
    expect(outgoing).toEqual({});
    expect(await rec.spans()).toEqual([]);
  });

  it.each([
    ["a missing tracer", undefined, { operation: "x" }],
    ["a missing operation", "tracer", {}],
    ["an empty operation", "tracer", { operation: "" }],
    ["an unknown format", "tracer", { operation: "x", propagator: ["zipkin"] }],
    ["attributes that are not an object", "tracer", { operation: "x", attributes: "a=b" }],
  ])("throws a TypeError at construction for %s", (_what, tracer, options) => {
    const t = tracer === "tracer" ? rec.tracer : tracer;
    expect(() => traceServer(t as never, options as never)).toThrow(TypeError);
  });
});
