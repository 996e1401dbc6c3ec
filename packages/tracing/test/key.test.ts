import { background, withValue } from "@kit/endpoint";
import { ROOT_CONTEXT } from "@opentelemetry/api";
import { tracingKey } from "../src/key.js";
import { otelContextFrom } from "../src/otel-context.js";

describe("tracingKey", () => {
  it("is global, so a value stored by another copy of the package is found", () => {
    const otherCopyKey = { name: "tracing", id: Symbol.for("@kit/tracing.value") };
    const stored = ROOT_CONTEXT.setValue(Symbol("x"), 1);
    const ctx = withValue(background(), otherCopyKey, { otel: stored });
    expect(otelContextFrom(ctx)).toBe(stored);
    expect(tracingKey.id).toBe(otherCopyKey.id);
  });
});
