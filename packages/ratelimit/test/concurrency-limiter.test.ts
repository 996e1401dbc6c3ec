import { getEventListeners } from "node:events";
import type { Endpoint } from "@kit/endpoint";
import { background, isKitError, withCancel, withTimeout } from "@kit/endpoint";
import { concurrencyLimiter } from "../src/concurrency-limiter.js";

/**
 * An endpoint whose calls stay in flight until the test finishes them: `started` lists the
 * request ids in the order they began, `finish(id)` resolves (or `fail(id)` rejects) one call.
 */
function gate() {
  const started: number[] = [];
  const pending = new Map<number, { resolve(): void; reject(err: Error): void }>();
  const endpoint: Endpoint<number, number> = (_ctx, id) => {
    started.push(id);
    return new Promise<number>((resolve, reject) => {
      pending.set(id, { resolve: () => resolve(id), reject });
    });
  };
  return {
    endpoint,
    started,
    finish(id: number) {
      pending.get(id)?.resolve();
    },
    fail(id: number) {
      pending.get(id)?.reject(new Error("boom"));
    },
  };
}

/** Lets every queued promise reaction run. */
const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

describe("concurrencyLimiter", () => {
  it("runs up to maxInFlight calls at once and rejects the next with resource_exhausted", async () => {
    const g = gate();
    const limiter = concurrencyLimiter({ maxInFlight: 2 });
    const guarded = limiter(g.endpoint);
    const first = guarded(background(), 1);
    const second = guarded(background(), 2);
    await flush();
    expect(limiter.inFlight).toBe(2);
    const err = await guarded(background(), 3).catch((e: unknown) => e);
    expect(isKitError(err)).toBe(true);
    expect(err).toMatchObject({
      code: "resource_exhausted",
      message: "concurrency limit exceeded",
    });
    expect(g.started).toEqual([1, 2]);
    g.finish(1);
    g.finish(2);
    await expect(Promise.all([first, second])).resolves.toEqual([1, 2]);
    expect(limiter.inFlight).toBe(0);
  });

  it("admits a new call as soon as a running one finishes", async () => {
    const g = gate();
    const limiter = concurrencyLimiter({ maxInFlight: 1 });
    const guarded = limiter(g.endpoint);
    const first = guarded(background(), 1);
    g.finish(1);
    await first;
    const second = guarded(background(), 2);
    g.finish(2);
    await expect(second).resolves.toBe(2);
  });

  it("queues calls beyond maxInFlight and runs them first in, first out", async () => {
    const g = gate();
    const limiter = concurrencyLimiter({ maxInFlight: 1, maxQueue: 3 });
    const guarded = limiter(g.endpoint);
    const calls = [1, 2, 3, 4].map((id) => guarded(background(), id));
    await flush();
    expect(g.started).toEqual([1]);
    expect(limiter.queued).toBe(3);
    for (const id of [1, 2, 3, 4]) {
      g.finish(id);
      await flush();
    }
    expect(g.started).toEqual([1, 2, 3, 4]);
    await expect(Promise.all(calls)).resolves.toEqual([1, 2, 3, 4]);
    expect(limiter.inFlight).toBe(0);
    expect(limiter.queued).toBe(0);
  });

  it("rejects with resource_exhausted when the queue is full", async () => {
    const g = gate();
    const limiter = concurrencyLimiter({ maxInFlight: 1, maxQueue: 1 });
    const guarded = limiter(g.endpoint);
    const running = guarded(background(), 1);
    const queued = guarded(background(), 2);
    await expect(guarded(background(), 3)).rejects.toMatchObject({
      code: "resource_exhausted",
    });
    g.finish(1);
    await flush();
    g.finish(2);
    await expect(Promise.all([running, queued])).resolves.toEqual([1, 2]);
    expect(g.started).toEqual([1, 2]);
  });

  it("frees the slot when the endpoint throws", async () => {
    const g = gate();
    const limiter = concurrencyLimiter({ maxInFlight: 1, maxQueue: 1 });
    const guarded = limiter(g.endpoint);
    const failing = guarded(background(), 1).catch((e: unknown) => e);
    const next = guarded(background(), 2);
    g.fail(1);
    expect(await failing).toMatchObject({ message: "boom" });
    await flush();
    g.finish(2);
    await expect(next).resolves.toBe(2);
    expect(limiter.inFlight).toBe(0);
  });

  it("takes a queued call whose context is cancelled out of the queue with canceled, never running it", async () => {
    const g = gate();
    const limiter = concurrencyLimiter({ maxInFlight: 1, maxQueue: 2 });
    const guarded = limiter(g.endpoint);
    const running = guarded(background(), 1);
    const [ctx, cancel] = withCancel(background());
    const leaving = guarded(ctx, 2).catch((e: unknown) => e);
    const staying = guarded(background(), 3);
    await flush();
    expect(limiter.queued).toBe(2);
    cancel();
    const err = await leaving;
    expect(isKitError(err) && err.code).toBe("canceled");
    expect(limiter.queued).toBe(1);
    expect(getEventListeners(ctx.signal, "abort")).toHaveLength(0);
    g.finish(1);
    await flush();
    g.finish(3);
    await expect(Promise.all([running, staying])).resolves.toEqual([1, 3]);
    expect(g.started).toEqual([1, 3]);
  });

  it("rejects a call whose context has already ended without running it", async () => {
    const g = gate();
    const [ctx, cancel] = withCancel(background());
    cancel();
    const err = await concurrencyLimiter({ maxInFlight: 1 })(g.endpoint)(ctx, 1).catch(
      (e: unknown) => e,
    );
    expect(isKitError(err) && err.code).toBe("canceled");
    expect(g.started).toEqual([]);
  });

  describe("with fake timers", () => {
    beforeEach(() => jest.useFakeTimers());
    afterEach(() => jest.useRealTimers());

    it("takes a queued call out of the queue with deadline_exceeded when its deadline passes", async () => {
      const g = gate();
      const limiter = concurrencyLimiter({ maxInFlight: 1, maxQueue: 1 });
      const guarded = limiter(g.endpoint);
      guarded(background(), 1);
      const [ctx, cancel] = withTimeout(background(), 200);
      const waiting = guarded(ctx, 2).catch((e: unknown) => e);
      await jest.advanceTimersByTimeAsync(200);
      const err = await waiting;
      expect(isKitError(err) && err.code).toBe("deadline_exceeded");
      expect(limiter.queued).toBe(0);
      cancel();
      g.finish(1);
      await jest.advanceTimersByTimeAsync(0);
      expect(limiter.inFlight).toBe(0);
      expect(g.started).toEqual([1]);
    });

    it("rejects a queued call with resource_exhausted after queueTimeoutMs, leaving no timer", async () => {
      const g = gate();
      const limiter = concurrencyLimiter({ maxInFlight: 1, maxQueue: 1, queueTimeoutMs: 50 });
      const guarded = limiter(g.endpoint);
      guarded(background(), 1);
      const waiting = guarded(background(), 2).catch((e: unknown) => e);
      await jest.advanceTimersByTimeAsync(49);
      expect(limiter.queued).toBe(1);
      await jest.advanceTimersByTimeAsync(1);
      const err = await waiting;
      expect(isKitError(err) && err.code).toBe("resource_exhausted");
      expect(limiter.queued).toBe(0);
      expect(jest.getTimerCount()).toBe(0);
      g.finish(1);
    });

    it("clears the queue timer when a queued call gets its slot", async () => {
      const g = gate();
      const limiter = concurrencyLimiter({ maxInFlight: 1, maxQueue: 1, queueTimeoutMs: 50 });
      const guarded = limiter(g.endpoint);
      const first = guarded(background(), 1);
      const second = guarded(background(), 2);
      expect(jest.getTimerCount()).toBe(1);
      g.finish(1);
      await first;
      await jest.advanceTimersByTimeAsync(0);
      expect(jest.getTimerCount()).toBe(0);
      expect(g.started).toEqual([1, 2]);
      g.finish(2);
      await expect(second).resolves.toBe(2);
    });
  });

  it.each([
    [{ maxInFlight: 0 }, /maxInFlight/],
    [{ maxInFlight: 1.5 }, /maxInFlight/],
    [{ maxInFlight: 1, maxQueue: -1 }, /maxQueue/],
    [{ maxInFlight: 1, maxQueue: 1, queueTimeoutMs: 0 }, /queueTimeoutMs/],
    [{ maxInFlight: 1, maxQueue: 1, queueTimeoutMs: Number.POSITIVE_INFINITY }, /queueTimeoutMs/],
  ])("rejects invalid options %o with a TypeError", (options, message) => {
    expect(() => concurrencyLimiter(options)).toThrow(TypeError);
    expect(() => concurrencyLimiter(options)).toThrow(message);
  });
});
