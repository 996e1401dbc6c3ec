import { createContextKey, INVALID_SPAN_CONTEXT, ROOT_CONTEXT, trace } from "@opentelemetry/api";
import { b3ParentSpanIdKey } from "../src/b3.js";
import { childContextCache } from "../src/child-context-cache.js";
import { createRecorder, remoteParent } from "./support/sdk.js";

// What the API's no-op tracer starts when no SDK is registered.
const noop = trace.getTracer("no-sdk");

describe("childContextCache", () => {
  const rec = createRecorder();
  afterAll(() => rec.shutdown());

  it("reuses one context for inert spans under the same parent", () => {
    const childOf = childContextCache();
    const first = childOf(ROOT_CONTEXT, noop.startSpan("a"));
    const second = childOf(ROOT_CONTEXT, noop.startSpan("b"));
    expect(second).toBe(first);
    const span = trace.getSpan(first);
    expect(span?.isRecording()).toBe(false);
    expect(span?.spanContext()).toEqual(INVALID_SPAN_CONTEXT);
  });

  it("derives a new context when the parent changes", () => {
    const childOf = childContextCache();
    const key = createContextKey("parent marker");
    const first = childOf(ROOT_CONTEXT, noop.startSpan("a"));
    const other = ROOT_CONTEXT.setValue(key, "other");
    const second = childOf(other, noop.startSpan("b"));
    expect(second).not.toBe(first);
    expect(second.getValue(key)).toBe("other");
    expect(first.getValue(key)).toBeUndefined();
  });

  it("drops a stale B3 parent span id for inert spans too", () => {
    const childOf = childContextCache();
    const stale = ROOT_CONTEXT.setValue(b3ParentSpanIdKey, "05e3ac9a4f6e3b90");
    expect(childOf(stale, noop.startSpan("a")).getValue(b3ParentSpanIdKey)).toBeUndefined();
  });

  it("gives every recording span a context of its own", () => {
    const childOf = childContextCache();
    const a = rec.tracer.startSpan("a");
    const b = rec.tracer.startSpan("b");
    const ctxA = childOf(ROOT_CONTEXT, a);
    const ctxB = childOf(ROOT_CONTEXT, b);
    expect(trace.getSpan(ctxA)).toBe(a);
    expect(trace.getSpan(ctxB)).toBe(b);
  });

  it("gives a no-op span that carries a remote parent's ids a context of its own", () => {
    const childOf = childContextCache();
    const remote = trace.setSpanContext(ROOT_CONTEXT, { ...remoteParent, traceFlags: 1 });
    childOf(ROOT_CONTEXT, noop.startSpan("inert"));
    const child = childOf(remote, noop.startSpan("child", {}, remote));
    expect(trace.getSpanContext(child)?.traceId).toBe(remoteParent.traceId);
    expect(trace.getSpanContext(child)?.spanId).toBe(remoteParent.spanId);
  });
});
