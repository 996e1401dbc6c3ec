import { getEventListeners } from "node:events";
import type { Context, Endpoint } from "@kit/endpoint";
import {
  background,
  createMetadata,
  incomingMetadata,
  isKitError,
  withCancel,
  withIncomingMetadata,
  withTimeout,
} from "@kit/endpoint";
import type { Waiter } from "../src/delaying-limiter.js";
import { delayingLimiter } from "../src/delaying-limiter.js";
import { tokenBucket } from "../src/token-bucket.js";

type Req = { n: number };

/** An endpoint that records the fake time at which it ran. */
function recorder() {
  const ranAt: number[] = [];
  const endpoint: Endpoint<Req, Req> = async (_ctx, request) => {
    ranAt.push(Date.now());
    return request;
  };
  return { endpoint, ranAt };
}

function asCaller(caller: string): Context {
  return withIncomingMetadata(background(), createMetadata({ "x-api-key": caller }));
}

describe("delayingLimiter", () => {
  beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => jest.useRealTimers());

  it("calls the endpoint at once while the bucket has tokens", async () => {
    const { endpoint, ranAt } = recorder();
    const limited = delayingLimiter(tokenBucket({ ratePerSec: 1, burst: 2 }))(endpoint);
    await limited(background(), { n: 1 });
    await limited(background(), { n: 2 });
    expect(ranAt).toEqual([1_000_000, 1_000_000]);
  });

  it("waits exactly until the next token is due before calling the endpoint", async () => {
    const { endpoint, ranAt } = recorder();
    const limited = delayingLimiter(tokenBucket({ ratePerSec: 4, burst: 1 }))(endpoint);
    const calls = [1, 2, 3].map((n) => limited(background(), { n }));
    await jest.advanceTimersByTimeAsync(249);
    expect(ranAt).toEqual([1_000_000]);
    await jest.advanceTimersByTimeAsync(251);
    await expect(Promise.all(calls)).resolves.toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    expect(ranAt).toEqual([1_000_000, 1_000_250, 1_000_500]);
  });

  it("fails at once with deadline_exceeded when the deadline is nearer than the next token", async () => {
    const { endpoint, ranAt } = recorder();
    const limited = delayingLimiter(tokenBucket({ ratePerSec: 1, burst: 1 }))(endpoint);
    await limited(background(), { n: 1 });
    const [ctx, cancel] = withTimeout(background(), 500);
    const err = await limited(ctx, { n: 2 }).catch((e: unknown) => e);
    expect(isKitError(err) && err.code).toBe("deadline_exceeded");
    expect(Date.now()).toBe(1_000_000); // no time passed: it did not wait
    expect(ranAt).toHaveLength(1);
    cancel();
    expect(jest.getTimerCount()).toBe(0);
  });

  it("stops waiting with canceled when the context is cancelled, leaving no timer or listener", async () => {
    const { endpoint, ranAt } = recorder();
    const limited = delayingLimiter(tokenBucket({ ratePerSec: 1, burst: 1 }))(endpoint);
    await limited(background(), { n: 1 });
    const [ctx, cancel] = withCancel(background());
    const call = limited(ctx, { n: 2 }).catch((e: unknown) => e);
    await jest.advanceTimersByTimeAsync(300);
    cancel();
    const err = await call;
    expect(isKitError(err) && err.code).toBe("canceled");
    expect(jest.getTimerCount()).toBe(0);
    expect(getEventListeners(ctx.signal, "abort")).toHaveLength(0);
    await jest.advanceTimersByTimeAsync(10_000);
    expect(ranAt).toHaveLength(1);
  });

  it("stops waiting with deadline_exceeded when the context's deadline passes first", async () => {
    // A waiter that never resolves on its own, to show the middleware relies on the waiter's abort
    // handling; the token bucket is the waiter that also fails early (tested above).
    const waiter: Waiter = {
      wait: (ctx) =>
        new Promise((_resolve, reject) =>
          ctx.signal.addEventListener("abort", () => reject(ctx.signal.reason), { once: true }),
        ),
    };
    const { endpoint, ranAt } = recorder();
    const [ctx, cancel] = withTimeout(background(), 100);
    const call = delayingLimiter(waiter)(endpoint)(ctx, { n: 1 }).catch((e: unknown) => e);
    await jest.advanceTimersByTimeAsync(100);
    const err = await call;
    expect(isKitError(err) && err.code).toBe("deadline_exceeded");
    expect(ranAt).toHaveLength(0);
    cancel();
  });

  it("keeps callers apart when given a key function", async () => {
    const { endpoint, ranAt } = recorder();
    const limited = delayingLimiter(tokenBucket({ ratePerSec: 1, burst: 1 }), {
      key: (ctx) => incomingMetadata(ctx).get("x-api-key") ?? "anonymous",
    })(endpoint);
    await limited(asCaller("alice"), { n: 1 });
    const aliceAgain = limited(asCaller("alice"), { n: 2 });
    await limited(asCaller("bob"), { n: 3 });
    expect(ranAt).toEqual([1_000_000, 1_000_000]);
    await jest.advanceTimersByTimeAsync(1000);
    await aliceAgain;
    expect(ranAt).toEqual([1_000_000, 1_000_000, 1_001_000]);
  });

  it("rejects a waiter without a wait method with a TypeError", () => {
    expect(() => delayingLimiter({} as Waiter)).toThrow(TypeError);
  });

  it("rejects a key that is not a function with a TypeError", () => {
    expect(() =>
      delayingLimiter(tokenBucket({ ratePerSec: 1, burst: 1 }), {
        key: 42 as unknown as () => string,
      }),
    ).toThrow(/key must be a function/);
  });
});
