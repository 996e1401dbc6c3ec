import type { Context, Endpoint } from "@kit/endpoint";
import { background, contextError, isKitError, KitError } from "@kit/endpoint";
import CircuitBreaker from "opossum";
import { defaultIsFailure } from "../src/failure.js";
import type { OpossumCircuitBreaker } from "../src/opossum-breaker.js";
import { opossumBreaker } from "../src/opossum-breaker.js";

type Thunk = () => Promise<unknown>;

async function rejection(promise: Promise<unknown>): Promise<KitError & { cause?: unknown }> {
  try {
    await promise;
  } catch (err) {
    return err as KitError;
  }
  throw new Error("expected a rejection");
}

describe("opossumBreaker", () => {
  const breakers: CircuitBreaker<[Thunk], unknown>[] = [];
  /** A real opossum breaker around a passthrough action, as the README says to make one. */
  const make = (options: CircuitBreaker.Options = {}) => {
    const breaker = new CircuitBreaker((call: Thunk) => call(), options);
    breakers.push(breaker);
    return breaker;
  };

  beforeEach(() => {
    jest.useFakeTimers();
  });
  afterEach(() => {
    for (const b of breakers.splice(0)) b.shutdown();
    jest.useRealTimers();
  });

  it("accepts an opossum breaker as OpossumCircuitBreaker", () => {
    const breaker: OpossumCircuitBreaker = make();
    expect(typeof opossumBreaker(breaker)).toBe("function");
  });

  it("passes a success through with the request and a context derived from the caller's", async () => {
    let seen: Context | undefined;
    const endpoint: Endpoint<{ a: number }, { v: number }> = async (ctx, { a }) => {
      seen = ctx;
      return { v: a * 2 };
    };
    const breaker = make();
    const fired = jest.spyOn(breaker, "fire");
    await expect(opossumBreaker(breaker)(endpoint)(background(), { a: 21 })).resolves.toEqual({
      v: 42,
    });
    expect(fired).toHaveBeenCalledTimes(1);
    expect(seen?.signal.aborted).toBe(true); // released once the call is done, like Go's defer cancel()
  });

  it("fails fast with unavailable once opossum opens, without calling the endpoint", async () => {
    let calls = 0;
    const down = new KitError("unavailable", "down");
    const endpoint: Endpoint<number, number> = async () => {
      calls++;
      throw down;
    };
    const breaker = make({ volumeThreshold: 1, errorThresholdPercentage: 50 });
    const guarded = opossumBreaker(breaker)(endpoint);
    expect(await rejection(guarded(background(), 1))).toBe(down);
    expect(breaker.opened).toBe(true);
    const err = await rejection(guarded(background(), 2));
    expect(isKitError(err) && err.code).toBe("unavailable");
    expect(err.message).toBe("circuit breaker is open");
    expect((err.cause as { code?: string }).code).toBe("EOPENBREAKER");
    expect(calls).toBe(1);
  });

  it("turns opossum's timeout into deadline_exceeded and cancels the endpoint's context", async () => {
    let seen: Context | undefined;
    const endpoint: Endpoint<number, number> = (ctx) => {
      seen = ctx;
      return new Promise((_resolve, reject) => {
        ctx.signal.addEventListener("abort", () => reject(contextError(ctx)), { once: true });
      });
    };
    const guarded = opossumBreaker(make({ timeout: 100 }))(endpoint);
    const call = rejection(guarded(background(), 1));
    await jest.advanceTimersByTimeAsync(100);
    const err = await call;
    expect(isKitError(err) && err.code).toBe("deadline_exceeded");
    expect((err.cause as { code?: string }).code).toBe("ETIMEDOUT");
    expect(contextError(seen as Context)?.code).toBe("deadline_exceeded");
  });

  it("passes the endpoint's own rejection through unchanged, even one coded ETIMEDOUT", async () => {
    const socketTimeout = Object.assign(new Error("connect ETIMEDOUT"), { code: "ETIMEDOUT" });
    const endpoint: Endpoint<number, number> = async () => {
      throw socketTimeout;
    };
    expect(await rejection(opossumBreaker(make())(endpoint)(background(), 1))).toBe(socketTimeout);
  });

  it("turns a full capacity into resource_exhausted", async () => {
    let answer: () => void = () => {};
    const endpoint: Endpoint<number, number> = (_ctx, n) =>
      new Promise((resolve) => {
        answer = () => resolve(n);
      });
    const guarded = opossumBreaker(make({ capacity: 1 }))(endpoint);
    const first = guarded(background(), 1);
    const err = await rejection(guarded(background(), 2));
    expect(isKitError(err) && err.code).toBe("resource_exhausted");
    expect((err.cause as { code?: string }).code).toBe("ESEMLOCKED");
    answer();
    await expect(first).resolves.toBe(1);
  });

  it("turns a shut-down breaker into unavailable", async () => {
    const breaker = make();
    breaker.shutdown();
    const err = await rejection(
      opossumBreaker(breaker)(async (_ctx: Context, n: number) => n)(background(), 1),
    );
    expect(isKitError(err) && err.code).toBe("unavailable");
    expect((err.cause as { code?: string }).code).toBe("ESHUTDOWN");
  });

  it("leaves caller errors uncounted with errorFilter built on defaultIsFailure", async () => {
    const endpoint: Endpoint<number, number> = async () => {
      throw new KitError("invalid_argument", "bad");
    };
    const breaker = make({
      volumeThreshold: 1,
      errorThresholdPercentage: 1,
      errorFilter: (err: unknown) => !defaultIsFailure(err),
    });
    const guarded = opossumBreaker(breaker)(endpoint);
    for (let i = 0; i < 3; i++) await rejection(guarded(background(), i));
    expect(breaker.opened).toBe(false);
  });

  it("throws a TypeError at construction for something that is not a breaker", () => {
    expect(() => opossumBreaker({} as OpossumCircuitBreaker)).toThrow(TypeError);
    expect(() => opossumBreaker(null as unknown as OpossumCircuitBreaker)).toThrow(TypeError);
  });
});
