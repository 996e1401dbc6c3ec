import { background } from "@kit/endpoint";
import { ROOT_CONTEXT, trace } from "@opentelemetry/api";
import {
  httpAttributes,
  recordHttpStatus,
  rpcAttributes,
  withSpanAttributes,
} from "../src/attributes.js";
import { tracingKey } from "../src/key.js";
import { spanFromContext, withOtelContext } from "../src/otel-context.js";
import type { Recorder } from "./support/sdk.js";
import { createRecorder } from "./support/sdk.js";

let rec: Recorder;
beforeEach(() => {
  rec = createRecorder();
});
afterEach(() => rec.shutdown());

describe("rpcAttributes", () => {
  it("names the system, service and method with the semantic-convention keys", () => {
    expect(rpcAttributes("grpc", "pb.Add", "Sum")).toEqual({
      "rpc.system": "grpc",
      "rpc.service": "pb.Add",
      "rpc.method": "Sum",
    });
  });
});

describe("httpAttributes", () => {
  it("gives the method and the path without its query", () => {
    expect(httpAttributes("POST", "/sum?token=secret")).toEqual({
      "http.request.method": "POST",
      "url.path": "/sum",
    });
  });

  it("gives the method alone without a URL", () => {
    expect(httpAttributes("GET")).toEqual({ "http.request.method": "GET" });
  });
});

describe("withSpanAttributes", () => {
  it("merges with attributes stored earlier, the later winning", () => {
    const ctx = withSpanAttributes(withSpanAttributes(background(), { a: 1, b: 1 }), { b: 2 });
    expect(ctx.value(tracingKey)?.attributes).toEqual({ a: 1, b: 2 });
  });

  it("keeps the span already in the context", () => {
    const span = rec.tracer.startSpan("s");
    const ctx = withOtelContext(background(), trace.setSpan(ROOT_CONTEXT, span));
    expect(spanFromContext(withSpanAttributes(ctx, { a: 1 }))).toBe(span);
    span.end();
  });

  it("rejects attributes that are not an object", () => {
    expect(() => withSpanAttributes(background(), null as never)).toThrow(TypeError);
  });
});

describe("recordHttpStatus", () => {
  it("sets http.response.status_code on the context's span and returns the context", async () => {
    const span = rec.tracer.startSpan("s");
    const ctx = withOtelContext(background(), trace.setSpan(ROOT_CONTEXT, span));
    expect(recordHttpStatus(ctx, 404)).toBe(ctx);
    span.end();
    expect((await rec.span("s")).attributes["http.response.status_code"]).toBe(404);
  });

  it("does nothing without a span", () => {
    const ctx = background();
    expect(recordHttpStatus(ctx, 200)).toBe(ctx);
  });
});
