import { KitError } from "@kit/endpoint";
import { SpanStatusCode, trace } from "@opentelemetry/api";
import { recordError } from "../src/record-error.js";
import type { Recorder } from "./support/sdk.js";
import { createRecorder } from "./support/sdk.js";

let rec: Recorder;
beforeEach(() => {
  rec = createRecorder();
});
afterEach(() => rec.shutdown());

async function recorded(err: unknown) {
  const span = rec.tracer.startSpan("s");
  recordError(span, err);
  span.end();
  return rec.span("s");
}

describe("recordError", () => {
  it("uses a KitError's code as error.type and its message as the status message", async () => {
    const span = await recorded(new KitError("deadline_exceeded", "too slow"));
    expect(span.attributes["error.type"]).toBe("deadline_exceeded");
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: "too slow" });
  });

  it("uses another error's name as error.type", async () => {
    expect((await recorded(new TypeError("bad"))).attributes["error.type"]).toBe("TypeError");
  });

  it("records the error as an exception event with its type and message", async () => {
    const [event] = (await recorded(new TypeError("bad"))).events;
    expect(event?.name).toBe("exception");
    expect(event?.attributes).toMatchObject({
      "exception.type": "TypeError",
      "exception.message": "bad",
    });
  });

  it("records a thrown non-error as _OTHER with its text", async () => {
    const span = await recorded("boom");
    expect(span.attributes["error.type"]).toBe("_OTHER");
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: "boom" });
  });

  it("does nothing to a span that is not recording", () => {
    const span = trace.wrapSpanContext({
      traceId: "4bf92f3577b34da6a3ce929d0e0e4736",
      spanId: "00f067aa0ba902b7",
      traceFlags: 0,
    });
    const setStatus = jest.spyOn(span, "setStatus");
    recordError(span, new Error("x"));
    expect(setStatus).not.toHaveBeenCalled();
  });
});
