import { createMetadata } from "@kit/endpoint";
import type { SpanContext } from "@opentelemetry/api";
import { ROOT_CONTEXT, TraceFlags, trace } from "@opentelemetry/api";
import { metadataGetter, metadataSetter } from "../src/metadata-carrier.js";
import { parseTraceState } from "../src/trace-state.js";
import { w3cPropagator } from "../src/w3c.js";

const w3c = w3cPropagator();

function extract(headers: Record<string, string | string[]>): SpanContext | undefined {
  return trace.getSpanContext(w3c.extract(ROOT_CONTEXT, createMetadata(headers), metadataGetter));
}

function inject(sc: SpanContext): Record<string, string[]> {
  const md = createMetadata();
  w3c.inject(trace.setSpanContext(ROOT_CONTEXT, sc), md, metadataSetter);
  return md.toJSON();
}

describe("w3cPropagator", () => {
  it("extracts the specification's example traceparent as a sampled remote parent", () => {
    expect(
      extract({ traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01" }),
    ).toEqual({
      traceId: "4bf92f3577b34da6a3ce929d0e0e4736",
      spanId: "00f067aa0ba902b7",
      traceFlags: TraceFlags.SAMPLED,
      isRemote: true,
    });
  });

  it("extracts an unsampled parent with flags 00", () => {
    const sc = extract({ traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00" });
    expect(sc?.traceFlags).toBe(TraceFlags.NONE);
  });

  it("keeps only the sampled bit of the flags", () => {
    const sc = extract({ traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-ff" });
    expect(sc?.traceFlags).toBe(TraceFlags.SAMPLED);
  });

  it.each([
    ["version ff", "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"],
    ["an all-zero trace id", "00-00000000000000000000000000000000-00f067aa0ba902b7-01"],
    ["an all-zero span id", "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01"],
    ["upper-case hex", "00-4BF92F3577B34DA6A3CE929D0E0E4736-00F067AA0BA902B7-01"],
    ["version 00 with a fifth field", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-x"],
    ["a short trace id", "00-4bf92f3577b34da6a3ce929d0e0e47-00f067aa0ba902b7-01"],
    ["garbage", "hello"],
  ])("ignores a traceparent with %s", (_what, traceparent) => {
    expect(extract({ traceparent })).toBeUndefined();
  });

  it("ignores two traceparent headers", () => {
    const one = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    expect(extract({ traceparent: [one, one] })).toBeUndefined();
  });

  it("accepts a later version by its first four fields", () => {
    const sc = extract({
      traceparent: "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-future",
    });
    expect(sc?.spanId).toBe("00f067aa0ba902b7");
  });

  it("reads tracestate, joining its header values", () => {
    const sc = extract({
      traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
      tracestate: ["rojo=00f067aa0ba902b7", "congo=t61rcWkgMzE"],
    });
    expect(sc?.traceState?.get("congo")).toBe("t61rcWkgMzE");
    expect(sc?.traceState?.serialize()).toBe("rojo=00f067aa0ba902b7,congo=t61rcWkgMzE");
  });

  it("injects version 00 with the sampled flag", () => {
    expect(
      inject({
        traceId: "4bf92f3577b34da6a3ce929d0e0e4736",
        spanId: "00f067aa0ba902b7",
        traceFlags: TraceFlags.SAMPLED,
      }),
    ).toEqual({ traceparent: ["00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"] });
  });

  it("injects flags 00 for an unsampled span and the tracestate it carries", () => {
    expect(
      inject({
        traceId: "4bf92f3577b34da6a3ce929d0e0e4736",
        spanId: "00f067aa0ba902b7",
        traceFlags: TraceFlags.NONE,
        traceState: parseTraceState("rojo=00f067aa0ba902b7"),
      }),
    ).toEqual({
      traceparent: ["00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00"],
      tracestate: ["rojo=00f067aa0ba902b7"],
    });
  });

  it("injects nothing for an invalid span context", () => {
    expect(inject({ traceId: "0".repeat(32), spanId: "0".repeat(16), traceFlags: 1 })).toEqual({});
  });

  it("names its two fields", () => {
    expect(w3c.fields()).toEqual(["traceparent", "tracestate"]);
  });
});
