import { createMetadata } from "@kit/endpoint";
import type { Context as OtelContext, SpanContext } from "@opentelemetry/api";
import { ROOT_CONTEXT, TraceFlags, trace } from "@opentelemetry/api";
import { b3DebugKey, b3ParentSpanIdKey, b3Propagator, childContext } from "../src/b3.js";
import { metadataGetter, metadataSetter } from "../src/metadata-carrier.js";
import { createRecorder } from "./support/sdk.js";

// Vectors from github.com/openzipkin/b3-propagation (README).
const traceId = "80f198ee56343ba864fe8b2a57d3eff7";
const spanId = "e457b5a2e4d86bd1";
const parentId = "05e3ac9a4f6e3b90";

const single = b3Propagator();
const multi = b3Propagator({ inject: "multi" });

function extract(headers: Record<string, string>): OtelContext {
  return single.extract(ROOT_CONTEXT, createMetadata(headers), metadataGetter);
}
const spanContext = (headers: Record<string, string>): SpanContext | undefined =>
  trace.getSpanContext(extract(headers));

function inject(
  propagator: typeof single,
  sc: SpanContext,
  values: { parent?: string; debug?: boolean } = {},
): Record<string, string[]> {
  let ctx = trace.setSpanContext(ROOT_CONTEXT, sc);
  if (values.parent) ctx = ctx.setValue(b3ParentSpanIdKey, values.parent);
  if (values.debug) ctx = ctx.setValue(b3DebugKey, true);
  const md = createMetadata();
  propagator.inject(ctx, md, metadataSetter);
  return md.toJSON();
}

const sampled: SpanContext = { traceId, spanId, traceFlags: TraceFlags.SAMPLED };

describe("b3Propagator extract, single header", () => {
  it("reads trace id, span id, sampled and parent span id", () => {
    const ctx = extract({ b3: `${traceId}-${spanId}-1-${parentId}` });
    expect(trace.getSpanContext(ctx)).toEqual({
      traceId,
      spanId,
      traceFlags: TraceFlags.SAMPLED,
      isRemote: true,
    });
    expect(ctx.getValue(b3ParentSpanIdKey)).toBe(parentId);
  });

  it("reads an unsampled decision", () => {
    expect(spanContext({ b3: `${traceId}-${spanId}-0` })?.traceFlags).toBe(TraceFlags.NONE);
  });

  it("treats debug as sampled and keeps the debug flag", () => {
    const ctx = extract({ b3: `${traceId}-${spanId}-d` });
    expect(trace.getSpanContext(ctx)?.traceFlags).toBe(TraceFlags.SAMPLED);
    expect(ctx.getValue(b3DebugKey)).toBe(true);
  });

  it("treats a deferred decision (no sampling state) as unsampled", () => {
    expect(spanContext({ b3: `${traceId}-${spanId}` })?.traceFlags).toBe(TraceFlags.NONE);
  });

  it("pads a 64-bit trace id to 128 bits", () => {
    expect(spanContext({ b3: `463ac35c9f6413ad-${spanId}-1` })?.traceId).toBe(
      "0000000000000000463ac35c9f6413ad",
    );
  });

  it("reads upper-case hex", () => {
    expect(spanContext({ b3: `${traceId.toUpperCase()}-${spanId}-1` })?.traceId).toBe(traceId);
  });

  it.each([
    ["a sampling-only header", "0"],
    ["a debug-only header", "d"],
    ["a trace id of 20 digits", `80f198ee56343ba864fe-${spanId}-1`],
    ["a non-hex span id", `${traceId}-e457b5a2e4d86bdz-1`],
    ["an all-zero trace id", `${"0".repeat(32)}-${spanId}-1`],
    ["an unknown sampling state", `${traceId}-${spanId}-2`],
    ["a malformed parent span id", `${traceId}-${spanId}-1-05e3`],
    ["five fields", `${traceId}-${spanId}-1-${parentId}-x`],
  ])("ignores %s", (_what, b3) => {
    expect(spanContext({ b3 })).toBeUndefined();
  });

  it("prefers the single header over the multi headers", () => {
    const sc = spanContext({
      b3: `${traceId}-${spanId}-1`,
      "X-B3-TraceId": "463ac35c9f6413ad48485a3953bb6124",
      "X-B3-SpanId": "a2fb4a1d1a96d312",
    });
    expect(sc?.traceId).toBe(traceId);
  });
});

describe("b3Propagator extract, multi headers", () => {
  it("reads the specification's example", () => {
    const ctx = extract({
      "X-B3-TraceId": traceId,
      "X-B3-ParentSpanId": parentId,
      "X-B3-SpanId": spanId,
      "X-B3-Sampled": "1",
    });
    expect(trace.getSpanContext(ctx)).toEqual({
      traceId,
      spanId,
      traceFlags: TraceFlags.SAMPLED,
      isRemote: true,
    });
    expect(ctx.getValue(b3ParentSpanIdKey)).toBe(parentId);
  });

  it("pads a 64-bit trace id", () => {
    expect(
      spanContext({ "x-b3-traceid": "463ac35c9f6413ad", "x-b3-spanid": "a2fb4a1d1a96d312" })
        ?.traceId,
    ).toBe("0000000000000000463ac35c9f6413ad");
  });

  it("reads X-B3-Flags: 1 as debug, so sampled", () => {
    const ctx = extract({ "X-B3-TraceId": traceId, "X-B3-SpanId": spanId, "X-B3-Flags": "1" });
    expect(trace.getSpanContext(ctx)?.traceFlags).toBe(TraceFlags.SAMPLED);
    expect(ctx.getValue(b3DebugKey)).toBe(true);
  });

  it.each([
    ["0", TraceFlags.NONE],
    ["false", TraceFlags.NONE],
    ["true", TraceFlags.SAMPLED],
  ])("reads X-B3-Sampled: %s", (value, flags) => {
    expect(
      spanContext({ "X-B3-TraceId": traceId, "X-B3-SpanId": spanId, "X-B3-Sampled": value })
        ?.traceFlags,
    ).toBe(flags);
  });

  it("ignores a trace id without a span id", () => {
    expect(spanContext({ "X-B3-TraceId": traceId, "X-B3-Sampled": "1" })).toBeUndefined();
  });

  it("ignores an unknown X-B3-Sampled value", () => {
    expect(
      spanContext({ "X-B3-TraceId": traceId, "X-B3-SpanId": spanId, "X-B3-Sampled": "yes" }),
    ).toBeUndefined();
  });
});

describe("b3Propagator inject", () => {
  it("writes the single header with the parent span id", () => {
    expect(inject(single, sampled, { parent: parentId })).toEqual({
      b3: [`${traceId}-${spanId}-1-${parentId}`],
    });
  });

  it("writes 0 for an unsampled span and d for debug", () => {
    expect(inject(single, { ...sampled, traceFlags: TraceFlags.NONE }).b3).toEqual([
      `${traceId}-${spanId}-0`,
    ]);
    expect(inject(single, sampled, { debug: true }).b3).toEqual([`${traceId}-${spanId}-d`]);
  });

  it("writes the multi headers", () => {
    expect(inject(multi, sampled, { parent: parentId })).toEqual({
      "x-b3-traceid": [traceId],
      "x-b3-spanid": [spanId],
      "x-b3-parentspanid": [parentId],
      "x-b3-sampled": ["1"],
    });
  });

  it("writes X-B3-Flags instead of X-B3-Sampled for debug", () => {
    expect(inject(multi, sampled, { debug: true })).toEqual({
      "x-b3-traceid": [traceId],
      "x-b3-spanid": [spanId],
      "x-b3-flags": ["1"],
    });
  });

  it("writes nothing for an invalid span context", () => {
    expect(inject(single, { ...sampled, spanId: "0".repeat(16) })).toEqual({});
  });

  it("gives back a single header it extracted", () => {
    const header = `${traceId}-${spanId}-d-${parentId}`;
    const md = createMetadata();
    single.inject(extract({ b3: header }), md, metadataSetter);
    expect(md.get("b3")).toBe(header);
  });

  it("names its fields", () => {
    expect(single.fields()).toEqual(["b3"]);
    expect(multi.fields()).toEqual([
      "x-b3-traceid",
      "x-b3-spanid",
      "x-b3-sampled",
      "x-b3-parentspanid",
      "x-b3-flags",
    ]);
  });

  it("rejects an unknown inject encoding at construction", () => {
    // @ts-expect-error: "both" is not an encoding
    expect(() => b3Propagator({ inject: "both" })).toThrow(TypeError);
  });
});

describe("childContext", () => {
  const rec = createRecorder();
  afterAll(() => rec.shutdown());

  it("records the parent's span id for B3", () => {
    const parentSpan = rec.tracer.startSpan("parent");
    const parent = trace.setSpan(ROOT_CONTEXT, parentSpan);
    const child = childContext(parent, rec.tracer.startSpan("child", {}, parent));
    expect(child.getValue(b3ParentSpanIdKey)).toBe(parentSpan.spanContext().spanId);
  });

  it("forgets a parent span id received earlier for a root span", () => {
    const stale = ROOT_CONTEXT.setValue(b3ParentSpanIdKey, parentId);
    const root = childContext(stale, rec.tracer.startSpan("root", {}, ROOT_CONTEXT));
    expect(root.getValue(b3ParentSpanIdKey)).toBeUndefined();
  });
});
