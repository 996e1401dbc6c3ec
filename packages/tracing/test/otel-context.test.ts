import { background, createKey, withValue } from "@kit/endpoint";
import { context, ROOT_CONTEXT, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { otelContextFrom, spanFromContext, withOtelContext } from "../src/otel-context.js";
import type { Recorder } from "./support/sdk.js";
import { createRecorder } from "./support/sdk.js";

let rec: Recorder;
beforeEach(() => {
  rec = createRecorder();
});
afterEach(() => rec.shutdown());

describe("spanFromContext", () => {
  it("gives undefined for a context without a span", () => {
    expect(spanFromContext(background())).toBeUndefined();
  });

  it("gives the span stored with withOtelContext, through derived contexts", () => {
    const span = rec.tracer.startSpan("s");
    const ctx = withOtelContext(background(), trace.setSpan(ROOT_CONTEXT, span));
    expect(spanFromContext(withValue(ctx, createKey<number>("n"), 1))).toBe(span);
    span.end();
  });
});

describe("otelContextFrom", () => {
  it("falls back to the root context without a context manager", () => {
    expect(otelContextFrom(background())).toBe(ROOT_CONTEXT);
  });

  it("falls back to OpenTelemetry's active context when a context manager is registered", () => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    try {
      const span = rec.tracer.startSpan("active");
      const active = trace.setSpan(ROOT_CONTEXT, span);
      context.with(active, () => {
        expect(otelContextFrom(background())).toBe(active);
      });
      span.end();
    } finally {
      context.disable();
    }
  });

  it("prefers the context stored in the kit context over the active one", () => {
    const stored = ROOT_CONTEXT.setValue(Symbol("x"), 1);
    expect(otelContextFrom(withOtelContext(background(), stored))).toBe(stored);
  });
});
