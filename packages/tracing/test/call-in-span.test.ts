import type { Context, Endpoint } from "@kit/endpoint";
import { background, KitError } from "@kit/endpoint";
import { context, ROOT_CONTEXT, SpanStatusCode, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { callInSpan } from "../src/call-in-span.js";
import { otelContextFrom } from "../src/otel-context.js";
import { createRecorder } from "./support/sdk.js";

describe("callInSpan", () => {
  const rec = createRecorder();
  afterAll(() => rec.shutdown());

  function start(name: string) {
    const span = rec.tracer.startSpan(name);
    return { span, otel: trace.setSpan(ROOT_CONTEXT, span) };
  }

  it("runs next with the span's context in the kit context and ends the span", async () => {
    const { span, otel } = start("ok");
    let seen: unknown;
    const next: Endpoint<number, number> = async (ctx: Context, n) => {
      seen = otelContextFrom(ctx);
      return n + 1;
    };
    await expect(callInSpan(span, otel, next, background(), 1)).resolves.toBe(2);
    expect(seen).toBe(otel);
    const done = await rec.span("ok");
    expect(done.ended).toBe(true);
    expect(done.status.code).toBe(SpanStatusCode.UNSET);
  });

  it("records a rejection, passes it on unchanged and ends the span", async () => {
    const { span, otel } = start("rejected");
    const err = new KitError("not_found", "no such user");
    await expect(
      callInSpan(span, otel, async () => Promise.reject(err), background(), 0),
    ).rejects.toBe(err);
    const done = await rec.span("rejected");
    expect(done.status).toEqual({ code: SpanStatusCode.ERROR, message: "no such user" });
  });

  it("turns a synchronous throw of next into a rejection, recorded", async () => {
    const { span, otel } = start("thrown");
    const err = new Error("sync");
    const next = (() => {
      throw err;
    }) as unknown as Endpoint<number, number>;
    const call = callInSpan(span, otel, next, background(), 0);
    await expect(call).rejects.toBe(err);
    expect((await rec.span("thrown")).status.code).toBe(SpanStatusCode.ERROR);
  });

  it("records a Failer response's error and returns the response", async () => {
    const { span, otel } = start("failer");
    const response = { failed: () => new Error("negative") };
    await expect(callInSpan(span, otel, async () => response, background(), 0)).resolves.toBe(
      response,
    );
    expect((await rec.span("failer")).status).toEqual({
      code: SpanStatusCode.ERROR,
      message: "negative",
    });
  });

  it("makes the span's context OpenTelemetry's active one while next runs", async () => {
    const manager = new AsyncLocalStorageContextManager().enable();
    context.setGlobalContextManager(manager);
    try {
      const { span, otel } = start("active");
      let active: unknown;
      await callInSpan(
        span,
        otel,
        async () => {
          active = context.active();
        },
        background(),
        0,
      );
      expect(active).toBe(otel);
      expect(context.active()).toBe(ROOT_CONTEXT);
    } finally {
      context.disable();
    }
  });
});
