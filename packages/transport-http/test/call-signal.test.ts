import { getEventListeners } from "node:events";
import { background, KitError, withCancel } from "@kit/endpoint";
import { CallSignal } from "../src/call-signal.js";

describe("CallSignal", () => {
  it("aborts with the context's end reason, once", () => {
    const [ctx, cancel] = withCancel(background());
    const reason = new KitError("canceled", "stop");
    const signal = new CallSignal(ctx);
    const seen: unknown[] = [];
    signal.on("abort", () => seen.push(signal.reason));
    expect(signal.aborted).toBe(false);
    cancel(reason);
    cancel(reason);
    expect([signal.aborted, seen]).toEqual([true, [reason]]);
    signal.release();
  });

  it("starts aborted for a context that has already ended", () => {
    const [ctx, cancel] = withCancel(background());
    cancel();
    const signal = new CallSignal(ctx);
    expect(signal.aborted).toBe(true);
    expect(signal.reason).toBeInstanceOf(KitError);
    signal.release();
  });

  it("stops waiting when released before the context ends", () => {
    const [ctx, cancel] = withCancel(background());
    const signal = new CallSignal(ctx);
    let aborted = 0;
    signal.on("abort", () => aborted++);
    signal.release();
    cancel();
    expect([signal.aborted, aborted]).toEqual([false, 0]);
  });

  it("adds no listener to the context's signal, however many calls wait on it", () => {
    const [ctx, cancel] = withCancel(background());
    const signals = Array.from({ length: 50 }, () => new CallSignal(ctx));
    expect(getEventListeners(ctx.signal, "abort")).toHaveLength(0);
    cancel();
    expect(signals.every((s) => s.aborted)).toBe(true);
  });
});
