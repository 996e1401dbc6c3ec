import { createMetadata } from "@kit/endpoint";
import { propagation, ROOT_CONTEXT, TraceFlags, trace } from "@opentelemetry/api";
import { metadataGetter, metadataSetter } from "../src/metadata-carrier.js";
import { compositePropagator, resolvePropagator } from "../src/propagation.js";
import { w3cPropagator } from "../src/w3c.js";

const w3cHeader = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
const b3Header = "80f198ee56343ba864fe8b2a57d3eff7-e457b5a2e4d86bd1-1";

function extractTraceId(formats: Parameters<typeof compositePropagator>[0], headers: object) {
  const ctx = compositePropagator(formats).extract(
    ROOT_CONTEXT,
    createMetadata(headers as Record<string, string>),
    metadataGetter,
  );
  return trace.getSpanContext(ctx)?.traceId;
}

describe("compositePropagator", () => {
  it("extracts with the first format that finds a parent", () => {
    const both = { traceparent: w3cHeader, b3: b3Header };
    expect(extractTraceId(["w3c", "b3"], both)).toBe("4bf92f3577b34da6a3ce929d0e0e4736");
    expect(extractTraceId(["b3", "w3c"], both)).toBe("80f198ee56343ba864fe8b2a57d3eff7");
  });

  it("falls back to a later format when the first finds nothing", () => {
    expect(extractTraceId(["w3c", "b3"], { b3: b3Header })).toBe(
      "80f198ee56343ba864fe8b2a57d3eff7",
    );
  });

  it("ignores formats not listed", () => {
    expect(extractTraceId(["w3c"], { b3: b3Header })).toBeUndefined();
  });

  it("injects every format", () => {
    const md = createMetadata();
    const ctx = trace.setSpanContext(ROOT_CONTEXT, {
      traceId: "4bf92f3577b34da6a3ce929d0e0e4736",
      spanId: "00f067aa0ba902b7",
      traceFlags: TraceFlags.SAMPLED,
    });
    compositePropagator(["w3c", "b3", "b3-multi"]).inject(ctx, md, metadataSetter);
    expect([...md.keys()]).toEqual([
      "traceparent",
      "b3",
      "x-b3-traceid",
      "x-b3-spanid",
      "x-b3-sampled",
    ]);
  });

  it("lists the fields of every format once", () => {
    expect(compositePropagator(["w3c", "b3"]).fields()).toEqual([
      "traceparent",
      "tracestate",
      "b3",
    ]);
  });

  it.each([
    ["an empty list", []],
    ["an unknown format", ["jaeger"]],
    ["a repeated format", ["w3c", "w3c"]],
  ])("rejects %s", (_what, formats) => {
    expect(() => compositePropagator(formats as never)).toThrow(TypeError);
  });
});

describe("resolvePropagator", () => {
  it("accepts any TextMapPropagator, the API's global one included", () => {
    const own = w3cPropagator();
    expect(resolvePropagator("t", own)).toBe(own);
    expect(resolvePropagator("t", propagation)).toBe(propagation);
  });

  it("names the caller when it rejects a value", () => {
    expect(() => resolvePropagator("traceServer", { inject() {} } as never)).toThrow(
      /^traceServer: propagator must be/,
    );
    expect(() => resolvePropagator("traceClient", ["zipkin"] as never)).toThrow(
      /^traceClient: compositePropagator: unknown format/,
    );
  });
});
