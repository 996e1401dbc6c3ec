import { getEventListeners } from "node:events";
import { KitError } from "@kit/endpoint";
import { CallSignal, onAbort } from "../src/abort-fanout.js";

describe("onAbort", () => {
  it("adds one listener to the signal for every callback and calls each once on abort", () => {
    const controller = new AbortController();
    const calls: number[] = [];
    for (let i = 0; i < 20; i++) onAbort(controller.signal, () => calls.push(i));
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(1);
    controller.abort();
    controller.abort();
    expect(calls).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
  });

  it("removes the listener when the last callback is forgotten, and never calls a forgotten one", () => {
    const controller = new AbortController();
    const called: string[] = [];
    const forgetA = onAbort(controller.signal, () => called.push("a"));
    const forgetB = onAbort(controller.signal, () => called.push("b"));
    forgetA();
    forgetA();
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(1);
    forgetB();
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
    onAbort(controller.signal, () => called.push("c"));
    controller.abort();
    expect(called).toEqual(["c"]);
  });

  it("lets a callback forget itself while the abort is being delivered", () => {
    const controller = new AbortController();
    const called: string[] = [];
    const forget = onAbort(controller.signal, () => {
      called.push("a");
      forget();
    });
    onAbort(controller.signal, () => called.push("b"));
    controller.abort();
    expect(called).toEqual(["a", "b"]);
  });
});

describe("CallSignal", () => {
  it("aborts with the signal's reason, then forgets it on release", () => {
    const controller = new AbortController();
    const reason = new KitError("canceled", "stop");
    const signal = new CallSignal(controller.signal);
    const seen: unknown[] = [];
    signal.once("abort", () => seen.push(signal.reason));
    expect(signal.aborted).toBe(false);
    controller.abort(reason);
    expect([signal.aborted, seen]).toEqual([true, [reason]]);
    signal.release();
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
  });

  it("starts aborted for a signal that already is, adding no listener", () => {
    const controller = new AbortController();
    controller.abort("gone");
    const signal = new CallSignal(controller.signal);
    expect([signal.aborted, signal.reason]).toEqual([true, "gone"]);
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
    signal.release();
  });

  it("stops listening when released before any abort", () => {
    const controller = new AbortController();
    const signal = new CallSignal(controller.signal);
    let aborted = 0;
    signal.once("abort", () => aborted++);
    signal.release();
    controller.abort();
    expect([signal.aborted, aborted]).toEqual([false, 0]);
  });
});
