import { getEventListeners } from "node:events";
import { background, isKitError, withCancel, withTimeout } from "@kit/endpoint";
import { tokenBucket } from "../src/token-bucket.js";

/** A clock the test moves by hand, in epoch ms. */
function manualClock(start = 1_000_000) {
  let t = start;
  return {
    now: () => t,
    advance(ms: number) {
      t += ms;
    },
  };
}

describe("tokenBucket", () => {
  describe("allow", () => {
    it("admits a burst of requests at once and refuses the next", () => {
      const clock = manualClock();
      const bucket = tokenBucket({ ratePerSec: 10, burst: 3, now: clock.now });
      expect([bucket.allow(), bucket.allow(), bucket.allow(), bucket.allow()]).toEqual([
        true,
        true,
        true,
        false,
      ]);
    });

    it("adds one token every 1000 / ratePerSec milliseconds, exactly", () => {
      const clock = manualClock();
      const bucket = tokenBucket({ ratePerSec: 10, burst: 2, now: clock.now });
      bucket.allow();
      bucket.allow();
      clock.advance(99);
      expect(bucket.allow()).toBe(false);
      clock.advance(1);
      expect(bucket.allow()).toBe(true);
      expect(bucket.allow()).toBe(false);
      clock.advance(200);
      expect(bucket.tokens()).toBe(2);
    });

    it("never holds more than burst tokens after a long pause", () => {
      const clock = manualClock();
      const bucket = tokenBucket({ ratePerSec: 100, burst: 3, now: clock.now });
      bucket.allow();
      clock.advance(3_600_000);
      expect(bucket.tokens()).toBe(3);
      expect([bucket.allow(), bucket.allow(), bucket.allow(), bucket.allow()]).toEqual([
        true,
        true,
        true,
        false,
      ]);
    });

    it("refills fractional rates without admitting early", () => {
      const clock = manualClock();
      const bucket = tokenBucket({ ratePerSec: 3, burst: 1, now: clock.now });
      bucket.allow();
      clock.advance(333);
      expect(bucket.allow()).toBe(false);
      clock.advance(1);
      expect(bucket.allow()).toBe(true);
    });

    it("keeps a separate bucket per key", () => {
      const clock = manualClock();
      const bucket = tokenBucket({ ratePerSec: 1, burst: 1, now: clock.now });
      expect(bucket.allow("alice")).toBe(true);
      expect(bucket.allow("alice")).toBe(false);
      expect(bucket.allow("bob")).toBe(true);
      expect(bucket.size).toBe(2);
    });

    it("forgets the least recently used key beyond maxKeys, which comes back full", () => {
      const clock = manualClock();
      const bucket = tokenBucket({ ratePerSec: 1, burst: 1, now: clock.now, maxKeys: 2 });
      bucket.allow("a");
      bucket.allow("b");
      bucket.allow("a"); // a is now the most recently used
      bucket.allow("c"); // evicts b
      expect(bucket.size).toBe(2);
      expect(bucket.tokens("a")).toBe(0);
      expect(bucket.tokens("b")).toBe(1);
      expect(bucket.allow("b")).toBe(true); // evicts a, now the least recently used
      expect(bucket.tokens("a")).toBe(1);
      expect(bucket.tokens("c")).toBe(0);
    });

    it("does not start tracking a key when only its tokens are read", () => {
      const bucket = tokenBucket({ ratePerSec: 1, burst: 4 });
      expect(bucket.tokens("nobody")).toBe(4);
      expect(bucket.size).toBe(0);
    });

    it.each([
      [{ ratePerSec: 0, burst: 1 }, /ratePerSec/],
      [{ ratePerSec: Number.POSITIVE_INFINITY, burst: 1 }, /ratePerSec/],
      [{ ratePerSec: Number.NaN, burst: 1 }, /ratePerSec/],
      [{ ratePerSec: 1, burst: 0 }, /burst/],
      [{ ratePerSec: 1, burst: 1.5 }, /burst/],
      [{ ratePerSec: 1, burst: 1, maxKeys: 0 }, /maxKeys/],
    ])("rejects invalid options %o with a TypeError", (options, message) => {
      expect(() => tokenBucket(options)).toThrow(TypeError);
      expect(() => tokenBucket(options)).toThrow(message);
    });
  });

  describe("wait", () => {
    beforeEach(() => jest.useFakeTimers());
    afterEach(() => jest.useRealTimers());

    /** Tracks whether `p` has settled, without awaiting it. */
    function track(p: Promise<void>) {
      const state = { settled: false, error: undefined as unknown };
      p.then(
        () => {
          state.settled = true;
        },
        (err: unknown) => {
          state.settled = true;
          state.error = err;
        },
      );
      return state;
    }

    it("resolves at once while tokens remain", async () => {
      const bucket = tokenBucket({ ratePerSec: 1, burst: 2 });
      await bucket.wait(background());
      await bucket.wait(background());
      expect(bucket.tokens()).toBe(0);
      expect(jest.getTimerCount()).toBe(0);
    });

    it("resolves exactly when the next token is due", async () => {
      const bucket = tokenBucket({ ratePerSec: 10, burst: 1 });
      await bucket.wait(background());
      const waiting = track(bucket.wait(background()));
      await jest.advanceTimersByTimeAsync(99);
      expect(waiting.settled).toBe(false);
      await jest.advanceTimersByTimeAsync(1);
      expect(waiting).toEqual({ settled: true, error: undefined });
    });

    it("serves queued waiters in order, one interval apart", async () => {
      const bucket = tokenBucket({ ratePerSec: 10, burst: 1 });
      await bucket.wait(background());
      const order: number[] = [];
      const all = [1, 2, 3].map((n) => bucket.wait(background()).then(() => order.push(n)));
      await jest.advanceTimersByTimeAsync(100);
      expect(order).toEqual([1]);
      await jest.advanceTimersByTimeAsync(100);
      expect(order).toEqual([1, 2]);
      await jest.advanceTimersByTimeAsync(100);
      await Promise.all(all);
      expect(order).toEqual([1, 2, 3]);
      expect(bucket.tokens()).toBe(0);
    });

    it("rejects at once with deadline_exceeded when the token is due after the deadline, taking nothing", async () => {
      const bucket = tokenBucket({ ratePerSec: 10, burst: 1 });
      await bucket.wait(background());
      const [ctx, cancel] = withTimeout(background(), 50);
      const err = await bucket.wait(ctx).catch((e: unknown) => e);
      expect(isKitError(err) && err.code).toBe("deadline_exceeded");
      expect(bucket.tokens()).toBe(0);
      cancel();
      expect(jest.getTimerCount()).toBe(0);
    });

    it("waits when the token is due before the deadline", async () => {
      const bucket = tokenBucket({ ratePerSec: 10, burst: 1 });
      await bucket.wait(background());
      const [ctx, cancel] = withTimeout(background(), 150);
      const waiting = track(bucket.wait(ctx));
      await jest.advanceTimersByTimeAsync(100);
      expect(waiting).toEqual({ settled: true, error: undefined });
      cancel();
    });

    it("rejects with canceled when the context is cancelled, gives the token back and leaves no timer or listener", async () => {
      const bucket = tokenBucket({ ratePerSec: 10, burst: 1 });
      await bucket.wait(background());
      const [ctx, cancel] = withCancel(background());
      const waiting = track(bucket.wait(ctx));
      expect(bucket.tokens()).toBe(-1);
      cancel();
      await jest.advanceTimersByTimeAsync(0);
      expect(waiting.settled).toBe(true);
      expect(isKitError(waiting.error) && waiting.error.code).toBe("canceled");
      expect(bucket.tokens()).toBe(0);
      expect(jest.getTimerCount()).toBe(0);
      expect(getEventListeners(ctx.signal, "abort")).toHaveLength(0);
    });

    it("removes its abort listener once the token is due", async () => {
      const bucket = tokenBucket({ ratePerSec: 10, burst: 1 });
      await bucket.wait(background());
      const [ctx, cancel] = withCancel(background());
      const p = bucket.wait(ctx);
      expect(getEventListeners(ctx.signal, "abort")).toHaveLength(1);
      await jest.advanceTimersByTimeAsync(100);
      await p;
      expect(getEventListeners(ctx.signal, "abort")).toHaveLength(0);
      cancel();
    });

    it("rejects at once when the context has already ended, taking nothing", async () => {
      const bucket = tokenBucket({ ratePerSec: 10, burst: 1 });
      const [ctx, cancel] = withCancel(background());
      cancel();
      const err = await bucket.wait(ctx).catch((e: unknown) => e);
      expect(isKitError(err) && err.code).toBe("canceled");
      expect(bucket.tokens()).toBe(1);
    });
  });
});
