import type { Context, Endpoint, Failer, GenericMiddleware } from "@kit/endpoint";
import {
  background,
  chain,
  contextError,
  isKitError,
  KitError,
  withCancel,
  withTimeout,
} from "@kit/endpoint";
import {
  ConsecutiveBreaker,
  circuitBreaker as cockatielCircuitBreaker,
  handleAll,
  IsolatedCircuitError,
} from "cockatiel";
import type { BreakerState, CircuitBreakerOptions } from "../src/circuit-breaker.js";
import { circuitBreaker } from "../src/circuit-breaker.js";

/** An endpoint whose outcome the test sets, counting its calls. */
function dependency() {
  const state = {
    calls: 0,
    error: new KitError("unavailable", "backend down") as unknown,
    fail: true,
  };
  const endpoint: Endpoint<number, number> = async (_ctx, n) => {
    state.calls++;
    if (state.fail) throw state.error;
    return n;
  };
  return { state, endpoint };
}

/** An endpoint that never answers until its context ends, then rejects with why. */
const hanging: Endpoint<number, number> = (ctx) =>
  new Promise((_resolve, reject) => {
    ctx.signal.addEventListener("abort", () => reject(contextError(ctx)), { once: true });
  });

/** A tiny per-call timeout middleware, as a user would place inside the breaker. */
const timeout =
  (ms: number): GenericMiddleware =>
  (next) =>
  async (ctx, req) => {
    const [child, cancel] = withTimeout(ctx, ms);
    try {
      return await next(child, req);
    } finally {
      cancel();
    }
  };

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error("expected a rejection");
}

async function fail(endpoint: Endpoint<number, number>, times: number): Promise<void> {
  for (let i = 0; i < times; i++) await rejection(endpoint(background(), i));
}

class Reply implements Failer {
  constructor(readonly err?: Error) {}
  failed(): Error | undefined {
    return this.err;
  }
}

describe("circuitBreaker", () => {
  beforeEach(() => {
    jest.useFakeTimers();
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  describe("with a consecutive breaker", () => {
    it("opens on the threshold-th consecutive failure, not before", async () => {
      const { endpoint } = dependency();
      const breaker = circuitBreaker({ breaker: "consecutive", threshold: 3 });
      const guarded = breaker(endpoint);
      await fail(guarded, 2);
      expect(breaker.state()).toBe("closed");
      await fail(guarded, 1);
      expect(breaker.state()).toBe("open");
    });

    it("starts counting again after a success", async () => {
      const dep = dependency();
      const breaker = circuitBreaker({ breaker: "consecutive", threshold: 3 });
      const guarded = breaker(dep.endpoint);
      await fail(guarded, 2);
      dep.state.fail = false;
      await guarded(background(), 1);
      dep.state.fail = true;
      await fail(guarded, 2);
      expect(breaker.state()).toBe("closed");
    });

    it("fails fast while open with unavailable, caused by the failure that opened it, without calling the endpoint", async () => {
      const dep = dependency();
      const guarded = circuitBreaker({ breaker: "consecutive", threshold: 2 })(dep.endpoint);
      await fail(guarded, 2);
      const err = await rejection(guarded(background(), 1));
      expect(isKitError(err) && err.code).toBe("unavailable");
      expect((err as KitError).message).toBe("circuit breaker is open");
      expect((err as KitError).cause).toBe(dep.state.error);
      expect(dep.state.calls).toBe(2);
    });

    it("stays open until the break duration has passed", async () => {
      const dep = dependency();
      const guarded = circuitBreaker({
        breaker: "consecutive",
        threshold: 1,
        halfOpenAfterMs: 1_000,
      })(dep.endpoint);
      await fail(guarded, 1);
      await jest.advanceTimersByTimeAsync(999);
      dep.state.fail = false;
      const err = await rejection(guarded(background(), 1));
      expect(isKitError(err) && err.code).toBe("unavailable");
      expect(dep.state.calls).toBe(1);
    });

    it("lets one probe through after the break duration and closes when it succeeds", async () => {
      const dep = dependency();
      const breaker = circuitBreaker({
        breaker: "consecutive",
        threshold: 1,
        halfOpenAfterMs: 1_000,
      });
      const guarded = breaker(dep.endpoint);
      await fail(guarded, 1);
      await jest.advanceTimersByTimeAsync(1_000);
      dep.state.fail = false;
      await expect(guarded(background(), 7)).resolves.toBe(7);
      expect(dep.state.calls).toBe(2);
      expect(breaker.state()).toBe("closed");
      await expect(guarded(background(), 8)).resolves.toBe(8);
    });

    it("re-opens for another break when the probe fails", async () => {
      const dep = dependency();
      const breaker = circuitBreaker({
        breaker: "consecutive",
        threshold: 1,
        halfOpenAfterMs: 1_000,
      });
      const guarded = breaker(dep.endpoint);
      await fail(guarded, 1);
      await jest.advanceTimersByTimeAsync(1_000);
      const probe = await rejection(guarded(background(), 1));
      expect(probe).toBe(dep.state.error);
      expect(breaker.state()).toBe("open");
      await jest.advanceTimersByTimeAsync(999);
      const err = await rejection(guarded(background(), 1));
      expect(isKitError(err) && err.code).toBe("unavailable");
      expect(dep.state.calls).toBe(2);
    });

    it("fails calls fast with unavailable while the probe is in flight", async () => {
      let calls = 0;
      let answer: (n: number) => void = () => {};
      const slow: Endpoint<number, number> = async (_ctx, n) => {
        calls++;
        if (calls === 1) throw new KitError("unavailable", "down");
        return new Promise<number>((resolve) => {
          answer = () => resolve(n);
        });
      };
      const breaker = circuitBreaker({ breaker: "consecutive", threshold: 1, halfOpenAfterMs: 10 });
      const guarded = breaker(slow);
      await rejection(guarded(background(), 0));
      await jest.advanceTimersByTimeAsync(10);
      const probe = guarded(background(), 5);
      expect(breaker.state()).toBe("half_open");
      const err = await rejection(guarded(background(), 6));
      expect(isKitError(err) && err.code).toBe("unavailable");
      expect((err as KitError).message).toBe("circuit breaker is half-open");
      answer(5);
      await expect(probe).resolves.toBe(5);
      expect(calls).toBe(2);
    });

    it("shares one breaker between every endpoint it wraps", async () => {
      const a = dependency();
      const b = dependency();
      const breaker = circuitBreaker({ breaker: "consecutive", threshold: 1 });
      await fail(breaker(a.endpoint), 1);
      const err = await rejection(breaker(b.endpoint)(background(), 1));
      expect(isKitError(err) && err.code).toBe("unavailable");
      expect(b.state.calls).toBe(0);
    });
  });

  describe("with a sampling breaker", () => {
    const options: CircuitBreakerOptions = {
      breaker: "sampling",
      threshold: 0.5,
      durationMs: 1_000,
      minimumRps: 4,
    };

    it("opens once the failure ratio goes above the threshold", async () => {
      const dep = dependency();
      const breaker = circuitBreaker(options);
      const guarded = breaker(dep.endpoint);
      dep.state.fail = false;
      await guarded(background(), 1);
      await guarded(background(), 2);
      dep.state.fail = true;
      await fail(guarded, 2); // 2 of 4 failed: at the ratio, not above it
      expect(breaker.state()).toBe("closed");
      await fail(guarded, 1); // 3 of 5
      expect(breaker.state()).toBe("open");
    });

    it("does not open below the minimum rate of calls", async () => {
      const dep = dependency();
      const breaker = circuitBreaker(options);
      await fail(breaker(dep.endpoint), 3); // 3 calls in 1 s, minimum is 4
      expect(breaker.state()).toBe("closed");
    });
  });

  describe("counts as failures", () => {
    it("a deadline_exceeded from a timeout placed inside it", async () => {
      const breaker = circuitBreaker({ breaker: "consecutive", threshold: 2 });
      const guarded = chain<number, number>(breaker, timeout(100))(hanging);
      for (let i = 0; i < 2; i++) {
        const call = rejection(guarded(background(), i));
        await jest.advanceTimersByTimeAsync(100);
        const err = await call;
        expect(isKitError(err) && err.code).toBe("deadline_exceeded");
      }
      expect(breaker.state()).toBe("open");
      const err = await rejection(guarded(background(), 3));
      expect(isKitError(err) && err.code).toBe("unavailable");
      expect(
        isKitError((err as KitError).cause) && (err as KitError & { cause: KitError }).cause.code,
      ).toBe("deadline_exceeded");
    });

    it("a Failer response with a business error when failOnFailer is set, still returning the response", async () => {
      const business = new Error("insufficient funds");
      const endpoint: Endpoint<number, Reply> = async () => new Reply(business);
      const breaker = circuitBreaker({ breaker: "consecutive", threshold: 1, failOnFailer: true });
      const guarded = breaker(endpoint);
      const res = await guarded(background(), 1);
      expect(res.failed()).toBe(business);
      expect(breaker.state()).toBe("open");
      const err = await rejection(guarded(background(), 2));
      expect((err as KitError).cause).toBe(business);
    });

    it("whatever isFailure says yes to", async () => {
      const dep = dependency();
      dep.state.error = new KitError("invalid_argument", "bad");
      const breaker = circuitBreaker({
        breaker: "consecutive",
        threshold: 1,
        isFailure: () => true,
      });
      await fail(breaker(dep.endpoint), 1);
      expect(breaker.state()).toBe("open");
    });
  });

  describe("does not count", () => {
    it("a Failer response with a business error by default", async () => {
      const endpoint: Endpoint<number, Reply> = async () => new Reply(new Error("no"));
      const breaker = circuitBreaker({ breaker: "consecutive", threshold: 1 });
      const guarded = breaker(endpoint);
      await guarded(background(), 1);
      await guarded(background(), 2);
      expect(breaker.state()).toBe("closed");
    });

    it("a call the caller cancelled, and passes its rejection through", async () => {
      const breaker = circuitBreaker({ breaker: "consecutive", threshold: 1 });
      const guarded = breaker(hanging);
      const [ctx, cancel] = withCancel(background());
      const call = rejection(guarded(ctx, 1));
      cancel();
      const err = await call;
      expect(isKitError(err) && err.code).toBe("canceled");
      expect(breaker.state()).toBe("closed");
    });

    it("any rejection after the caller cancelled, even one isFailure would count", async () => {
      const breaker = circuitBreaker({
        breaker: "consecutive",
        threshold: 1,
        isFailure: () => true,
      });
      const socketClosed = new Error("socket closed");
      const endpoint: Endpoint<number, number> = (ctx) =>
        new Promise((_resolve, reject) => {
          ctx.signal.addEventListener("abort", () => reject(socketClosed), { once: true });
        });
      const [ctx, cancel] = withCancel(background());
      const call = rejection(breaker(endpoint)(ctx, 1));
      cancel();
      expect(await call).toBe(socketClosed);
      expect(breaker.state()).toBe("closed");
    });

    it("an invalid_argument by default, passing it through unchanged", async () => {
      const dep = dependency();
      dep.state.error = new KitError("invalid_argument", "bad");
      const breaker = circuitBreaker({ breaker: "consecutive", threshold: 1 });
      const guarded = breaker(dep.endpoint);
      expect(await rejection(guarded(background(), 1))).toBe(dep.state.error);
      expect(breaker.state()).toBe("closed");
    });

    it("whatever isFailure says no to, which neither breaks nor resets the count", async () => {
      const dep = dependency();
      const ignored = new Error("ignored");
      const breaker = circuitBreaker({
        breaker: "consecutive",
        threshold: 2,
        isFailure: (err) => err !== ignored,
      });
      const guarded = breaker(dep.endpoint);
      await fail(guarded, 1);
      dep.state.error = ignored;
      await fail(guarded, 3);
      expect(breaker.state()).toBe("closed");
      dep.state.error = new Error("counted");
      await fail(guarded, 1);
      expect(breaker.state()).toBe("open");
    });
  });

  describe("state changes", () => {
    it("reports open, half_open and closed to onStateChange, starting closed", async () => {
      const dep = dependency();
      const seen: BreakerState[] = [];
      const breaker = circuitBreaker({
        breaker: "consecutive",
        threshold: 1,
        halfOpenAfterMs: 50,
        onStateChange: (s) => seen.push(s),
      });
      const guarded = breaker(dep.endpoint);
      expect(breaker.state()).toBe("closed");
      await fail(guarded, 1);
      await jest.advanceTimersByTimeAsync(50);
      dep.state.fail = false;
      await guarded(background(), 1);
      expect(seen).toEqual(["open", "half_open", "closed"]);
    });

    it("stops reporting after dispose", async () => {
      const dep = dependency();
      const seen: BreakerState[] = [];
      const breaker = circuitBreaker({
        breaker: "consecutive",
        threshold: 1,
        onStateChange: (s) => seen.push(s),
      });
      breaker.dispose();
      await fail(breaker(dep.endpoint), 1);
      expect(breaker.state()).toBe("open");
      expect(seen).toEqual([]);
    });
  });

  describe("reading the context's signal", () => {
    /** A context that counts how often its signal is read. */
    function countingContext() {
      const [inner, cancel] = withCancel(background());
      const seen = { reads: 0 };
      const ctx: Context = {
        get signal() {
          seen.reads++;
          return inner.signal;
        },
        deadline: inner.deadline,
        value: (key) => inner.value(key),
      };
      return { ctx, seen, cancel };
    }

    it("leaves it unread on a closed breaker's successful calls", async () => {
      const guarded = circuitBreaker({ breaker: "consecutive", threshold: 2 })(
        async (_ctx: Context, n: number) => n,
      );
      const { ctx, seen, cancel } = countingContext();
      await expect(guarded(ctx, 1)).resolves.toBe(1);
      await expect(guarded(ctx, 2)).resolves.toBe(2);
      cancel();
      expect(seen.reads).toBe(0);
    });

    it("hands it to the policy once the breaker is no longer closed", async () => {
      const breaker = circuitBreaker({ breaker: "consecutive", threshold: 1, halfOpenAfterMs: 0 });
      const dep = dependency();
      const guarded = breaker(dep.endpoint);
      await fail(guarded, 1);
      expect(breaker.state()).toBe("open");
      const execute = jest.spyOn(breaker.policy, "execute");
      const { ctx, cancel } = countingContext();
      dep.state.fail = false;
      await expect(guarded(ctx, 7)).resolves.toBe(7);
      cancel();
      expect(execute.mock.calls[0]?.[1]).toBeInstanceOf(AbortSignal);
      expect(execute.mock.calls[0]?.[1]).toBe(ctx.signal);
    });
  });

  describe("with a cockatiel policy", () => {
    it("runs calls through policy.execute with ctx.signal", async () => {
      const policy = cockatielCircuitBreaker(handleAll, {
        breaker: new ConsecutiveBreaker(5),
        halfOpenAfter: 1_000,
      });
      const execute = jest.spyOn(policy, "execute");
      const [ctx, cancel] = withCancel(background());
      await circuitBreaker({ policy })(async (_ctx: Context, n: number) => n)(ctx, 1);
      cancel();
      expect(execute).toHaveBeenCalledTimes(1);
      expect(execute.mock.calls[0]?.[1]).toBe(ctx.signal);
    });

    it("lets the policy's handler decide and fails fast with unavailable once it opens", async () => {
      const policy = cockatielCircuitBreaker(handleAll, {
        breaker: new ConsecutiveBreaker(1),
        halfOpenAfter: 1_000,
      });
      const dep = dependency();
      dep.state.error = new KitError("invalid_argument", "bad");
      const breaker = circuitBreaker({ policy });
      const guarded = breaker(dep.endpoint);
      await fail(guarded, 1);
      expect(breaker.state()).toBe("open");
      expect(breaker.policy).toBe(policy);
      const err = await rejection(guarded(background(), 1));
      expect(isKitError(err) && err.code).toBe("unavailable");
      expect((err as KitError).cause).toBe(dep.state.error);
    });

    it("reads an isolated policy as open and fails fast with the isolation as cause", async () => {
      const policy = cockatielCircuitBreaker(handleAll, {
        breaker: new ConsecutiveBreaker(5),
        halfOpenAfter: 1_000,
      });
      const breaker = circuitBreaker({ policy });
      const isolation = policy.isolate();
      const err = await rejection(breaker(dependency().endpoint)(background(), 1));
      expect(breaker.state()).toBe("open");
      expect((err as KitError).code).toBe("unavailable");
      expect((err as KitError).cause).toBeInstanceOf(IsolatedCircuitError);
      isolation.dispose();
      expect(breaker.state()).toBe("closed");
    });
  });

  describe("validates its options at construction", () => {
    const policy = cockatielCircuitBreaker(handleAll, {
      breaker: new ConsecutiveBreaker(1),
      halfOpenAfter: 1,
    });
    it.each<[string, unknown]>([
      ["not an object", null],
      ["no breaker and no policy", {}],
      ["an unknown breaker", { breaker: "count", threshold: 1 }],
      ["a consecutive threshold of 0", { breaker: "consecutive", threshold: 0 }],
      ["a fractional consecutive threshold", { breaker: "consecutive", threshold: 2.5 }],
      ["a sampling threshold of 1", { breaker: "sampling", threshold: 1, durationMs: 1_000 }],
      ["a sampling threshold of 0", { breaker: "sampling", threshold: 0, durationMs: 1_000 }],
      ["a missing durationMs", { breaker: "sampling", threshold: 0.5 }],
      ["a minimumRps of 0", { breaker: "sampling", threshold: 0.5, durationMs: 1, minimumRps: 0 }],
      ["a negative halfOpenAfterMs", { breaker: "consecutive", threshold: 1, halfOpenAfterMs: -1 }],
      [
        "an infinite halfOpenAfterMs",
        { breaker: "consecutive", threshold: 1, halfOpenAfterMs: Infinity },
      ],
      [
        "an isFailure that is not a function",
        { breaker: "consecutive", threshold: 1, isFailure: true },
      ],
      [
        "a failOnFailer that is not a boolean",
        { breaker: "consecutive", threshold: 1, failOnFailer: "yes" },
      ],
      [
        "an onStateChange that is not a function",
        { breaker: "consecutive", threshold: 1, onStateChange: 1 },
      ],
      ["a policy that is not a policy", { policy: {} }],
      ["a policy with isFailure", { policy, isFailure: () => true }],
      ["a policy with a breaker", { policy, breaker: "consecutive" }],
    ])("throws a TypeError for %s", (_name, options) => {
      expect(() => circuitBreaker(options as CircuitBreakerOptions)).toThrow(TypeError);
    });
  });
});
