import { getEventListeners } from "node:events";
import type { Context } from "../src/context.js";
import {
  background,
  contextError,
  endReason,
  timeRemainingMs,
  whenDone,
  withCancel,
  withDeadline,
  withTimeout,
  withValue,
} from "../src/context.js";
import { isKitError, KitError } from "../src/errors.js";
import { createKey } from "../src/key.js";

/** A Context implemented outside this package, driven by its own AbortController. */
function foreignContext(): { ctx: Context; controller: AbortController } {
  const controller = new AbortController();
  const ctx: Context = { signal: controller.signal, deadline: undefined, value: () => undefined };
  return { ctx, controller };
}

describe("background", () => {
  it("is never cancelled, has no deadline and holds no values", () => {
    const ctx = background();
    expect(ctx.signal.aborted).toBe(false);
    expect(ctx.deadline).toBeUndefined();
    expect(ctx.value(createKey<string>("k"))).toBeUndefined();
    expect(background()).toBe(ctx);
  });
});

describe("withValue", () => {
  it("makes the value visible in the child and its descendants, not in the parent", () => {
    const key = createKey<string>("user");
    const parent = background();
    const child = withValue(parent, key, "ann");
    const [grandchild, cancel] = withCancel(child);
    expect(child.value(key)).toBe("ann");
    expect(grandchild.value(key)).toBe("ann");
    expect(parent.value(key)).toBeUndefined();
    cancel();
  });

  it("lets a nearer value shadow an outer one under the same key", () => {
    const key = createKey<number>("n");
    const ctx = withValue(withValue(background(), key, 1), key, 2);
    expect(ctx.value(key)).toBe(2);
  });

  it("keeps two keys with the same name apart", () => {
    const a = createKey<string>("same");
    const b = createKey<string>("same");
    const ctx = withValue(background(), a, "a");
    expect(ctx.value(a)).toBe("a");
    expect(ctx.value(b)).toBeUndefined();
  });

  it("inherits the parent's signal and deadline", () => {
    const [parent, cancel] = withTimeout(background(), 60_000);
    const child = withValue(parent, createKey<number>("n"), 1);
    expect(child.signal).toBe(parent.signal);
    expect(child.deadline).toBe(parent.deadline);
    cancel();
  });
});

describe("withCancel", () => {
  it("aborts the signal with a KitError canceled when cancelled", () => {
    const [ctx, cancel] = withCancel(background());
    expect(ctx.signal.aborted).toBe(false);
    cancel();
    expect(ctx.signal.aborted).toBe(true);
    expect(isKitError(ctx.signal.reason)).toBe(true);
    expect((ctx.signal.reason as KitError).code).toBe("canceled");
    expect(() => ctx.signal.throwIfAborted()).toThrow(KitError);
  });

  it("uses the reason given to cancel", () => {
    const [ctx, cancel] = withCancel(background());
    const reason = new KitError("unavailable", "shutting down");
    cancel(reason);
    expect(ctx.signal.reason).toBe(reason);
  });

  it("leaves the parent running when a child is cancelled", () => {
    const [parent, cancelParent] = withCancel(background());
    const [, cancelChild] = withCancel(parent);
    cancelChild();
    expect(parent.signal.aborted).toBe(false);
    cancelParent();
  });

  it("cancels every descendant, through value contexts, when the parent is cancelled", () => {
    const [parent, cancel] = withCancel(background());
    const [child] = withCancel(withValue(parent, createKey<number>("n"), 1));
    const [grandchild] = withTimeout(child, 60_000);
    const aborted: string[] = [];
    child.signal.addEventListener("abort", () => aborted.push("child"));
    grandchild.signal.addEventListener("abort", () => aborted.push("grandchild"));
    cancel();
    expect(aborted.sort()).toEqual(["child", "grandchild"]);
    expect((grandchild.signal.reason as KitError).code).toBe("canceled");
  });

  it("ignores a second cancel, keeping the first reason", () => {
    const [ctx, cancel] = withCancel(background());
    const first = new Error("first");
    cancel(first);
    cancel(new Error("second"));
    expect(ctx.signal.reason).toBe(first);
  });

  it("starts aborted, with the parent's reason, under an already cancelled parent", () => {
    const [parent, cancel] = withCancel(background());
    cancel();
    const [child] = withCancel(parent);
    expect(child.signal.aborted).toBe(true);
    expect(child.signal.reason).toBe(parent.signal.reason);
  });

  it("follows a parent context implemented elsewhere, through its signal", () => {
    const { ctx: parent, controller } = foreignContext();
    const [child] = withCancel(parent);
    controller.abort(new KitError("canceled", "client went away"));
    expect(child.signal.aborted).toBe(true);
    expect((child.signal.reason as KitError).message).toBe("client went away");
  });
});

describe("withDeadline and withTimeout", () => {
  beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => jest.useRealTimers());

  it("aborts with deadline_exceeded when the timeout passes", async () => {
    const [ctx] = withTimeout(background(), 100);
    expect(ctx.deadline).toBe(1_000_100);
    await jest.advanceTimersByTimeAsync(99);
    expect(ctx.signal.aborted).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    expect(ctx.signal.aborted).toBe(true);
    expect((ctx.signal.reason as KitError).code).toBe("deadline_exceeded");
  });

  it("never gives a child a later deadline than its parent", async () => {
    const [parent] = withTimeout(background(), 100);
    const [child] = withTimeout(parent, 5_000);
    const [viaDeadline] = withDeadline(parent, Date.now() + 10_000);
    expect(child.deadline).toBe(parent.deadline);
    expect(viaDeadline.deadline).toBe(parent.deadline);
    await jest.advanceTimersByTimeAsync(100);
    expect((child.signal.reason as KitError).code).toBe("deadline_exceeded");
    expect(jest.getTimerCount()).toBe(0);
  });

  it("lets a child with a shorter deadline expire while the parent keeps running", async () => {
    const [parent, cancel] = withTimeout(background(), 1_000);
    const [child] = withTimeout(parent, 10);
    await jest.advanceTimersByTimeAsync(10);
    expect(child.signal.aborted).toBe(true);
    expect(parent.signal.aborted).toBe(false);
    cancel();
  });

  it("gives a context that is already expired for a deadline in the past", () => {
    const [ctx] = withDeadline(background(), Date.now() - 1);
    expect(ctx.signal.aborted).toBe(true);
    expect(contextError(ctx)?.code).toBe("deadline_exceeded");
    const [zero] = withTimeout(background(), 0);
    expect(zero.signal.aborted).toBe(true);
  });

  it("releases the timer at once when cancelled before the deadline", () => {
    const [, cancel] = withTimeout(background(), 100);
    expect(jest.getTimerCount()).toBe(1);
    cancel();
    expect(jest.getTimerCount()).toBe(0);
  });

  it("waits out a timeout longer than one timer can hold, instead of firing at once", async () => {
    const day = 24 * 60 * 60 * 1000;
    const [ctx, cancel] = withTimeout(background(), 30 * day);
    await jest.advanceTimersByTimeAsync(29 * day);
    expect(ctx.signal.aborted).toBe(false);
    await jest.advanceTimersByTimeAsync(day);
    expect(contextError(ctx)?.code).toBe("deadline_exceeded");
    cancel();
  });

  it("adds no deadline for an infinite timeout", () => {
    const [ctx, cancel] = withTimeout(background(), Number.POSITIVE_INFINITY);
    expect(ctx.deadline).toBeUndefined();
    expect(jest.getTimerCount()).toBe(0);
    cancel();
  });

  it("rejects a deadline or timeout that is not a number", () => {
    expect(() => withTimeout(background(), Number.NaN)).toThrow(TypeError);
    expect(() => withDeadline(background(), Number.NaN)).toThrow(TypeError);
  });

  it("reports the time remaining, never below zero", async () => {
    const [ctx, cancel] = withTimeout(background(), 100);
    expect(timeRemainingMs(ctx)).toBe(100);
    expect(timeRemainingMs(ctx, Date.now() + 250)).toBe(0);
    expect(timeRemainingMs(background())).toBeUndefined();
    cancel();
  });
});

describe("contextError", () => {
  it("is undefined while the context lives and the reason as a KitError after", () => {
    const [ctx, cancel] = withCancel(background());
    expect(contextError(ctx)).toBeUndefined();
    cancel(new Error("plain"));
    const err = contextError(ctx);
    expect(err?.code).toBe("canceled");
    expect(err?.message).toBe("plain");
  });
});

describe("resource use", () => {
  // Fake timers count every timer, including the unref'd ones contexts use.
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it("leaves no timer and no listener behind after 10,000 derived contexts are done", () => {
    const { ctx: root } = foreignContext();
    const [parent, cancelParent] = withCancel(root);
    for (let i = 0; i < 10_000; i++) {
      const [ctx, cancel] = withTimeout(withValue(parent, createKey<number>("i"), i), 60_000);
      const [inner, cancelInner] = withCancel(ctx);
      inner.signal.throwIfAborted();
      cancelInner();
      cancel();
    }
    expect(jest.getTimerCount()).toBe(0);
    expect(getEventListeners(root.signal, "abort")).toHaveLength(1);
    cancelParent();
    expect(getEventListeners(root.signal, "abort")).toHaveLength(0);
  });

  it("leaves no timer behind after 10,000 contexts expire on their own", async () => {
    const [parent, cancelParent] = withCancel(background());
    const contexts = Array.from({ length: 10_000 }, (_, i) => withTimeout(parent, i % 50)[0]);
    expect(jest.getTimerCount()).toBeGreaterThan(9_000);
    await jest.advanceTimersByTimeAsync(50);
    expect(contexts.every((ctx) => contextError(ctx)?.code === "deadline_exceeded")).toBe(true);
    expect(jest.getTimerCount()).toBe(0);
    cancelParent();
  });

  it("cancels 10,000 live children with one parent cancel and leaves no timer", () => {
    const [parent, cancelParent] = withCancel(background());
    const children = Array.from({ length: 10_000 }, () => withTimeout(parent, 60_000)[0]);
    expect(jest.getTimerCount()).toBe(10_000);
    cancelParent();
    expect(children.every((ctx) => ctx.signal.aborted)).toBe(true);
    expect(jest.getTimerCount()).toBe(0);
  });
});

describe("whenDone and endReason (internal)", () => {
  it("hears a cancellable context end, with the reason its signal would carry", () => {
    const [ctx, cancel] = withCancel(background());
    const heard: unknown[] = [];
    whenDone(ctx, (reason) => heard.push(reason));
    expect(endReason(ctx)).toBeUndefined();
    const why = new Error("shutting down");
    cancel(why);
    expect(heard).toEqual([why]);
    expect(endReason(ctx)).toBe(why);
    expect(ctx.signal.reason).toBe(why);
  });

  it("hears a parent's cancellation through a derived context", () => {
    const [parent, cancelParent] = withCancel(background());
    const [child, cancel] = withTimeout(parent, 60_000);
    const heard: unknown[] = [];
    whenDone(child, (reason) => heard.push(reason));
    cancelParent();
    expect(heard).toHaveLength(1);
    expect(isKitError(heard[0]) && heard[0].code).toBe("canceled");
    cancel();
  });

  it("calls at once for a context that has already ended", () => {
    const [ctx, cancel] = withCancel(background());
    cancel();
    const heard: unknown[] = [];
    whenDone(ctx, (reason) => heard.push(reason));
    expect(heard).toEqual([endReason(ctx)]);
  });

  it("forgets a callback when asked", () => {
    const [ctx, cancel] = withCancel(background());
    const heard: unknown[] = [];
    const forget = whenDone(ctx, (reason) => heard.push(reason));
    forget();
    cancel();
    expect(heard).toEqual([]);
  });

  it("follows a foreign context through one listener on its signal, removed when forgotten", () => {
    const controller = new AbortController();
    const foreign: Context = {
      signal: controller.signal,
      deadline: undefined,
      value: () => undefined,
    };
    const heard: unknown[] = [];
    const forget = whenDone(foreign, (reason) => heard.push(reason));
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(1);
    forget();
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
    whenDone(foreign, (reason) => heard.push(reason));
    controller.abort("gone");
    expect(heard).toEqual(["gone"]);
    expect(endReason(foreign)).toBe("gone");
  });

  it("adds nothing for a background-rooted context, which never ends", () => {
    const ctx = withValue(background(), createKey<number>("n"), 1);
    expect(getEventListeners(ctx.signal, "abort")).toHaveLength(0);
    whenDone(ctx, () => undefined);
    expect(getEventListeners(ctx.signal, "abort")).toHaveLength(0);
    expect(endReason(ctx)).toBeUndefined();
  });
});
