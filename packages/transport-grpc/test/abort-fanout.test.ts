import { getEventListeners } from "node:events";
import { onAbort } from "../src/abort-fanout.js";

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
