import type { Endpoint } from "@kit/endpoint";
import { background, isKitError, KitError } from "@kit/endpoint";
import { circuitBreaker } from "../src/circuit-breaker.js";
import { goKitDefaults } from "../src/go-kit-defaults.js";

describe("goKitDefaults", () => {
  let calls: number;
  let fail: boolean;
  let answer: () => void;
  let hold: boolean;
  const endpoint: Endpoint<number, number> = async (_ctx, n) => {
    calls++;
    if (hold) await new Promise<void>((resolve) => (answer = resolve));
    if (fail) throw new KitError("unavailable", "down");
    return n;
  };
  const failures = async (guarded: Endpoint<number, number>, times: number) => {
    for (let i = 0; i < times; i++) await guarded(background(), i).catch(() => undefined);
  };

  beforeEach(() => {
    jest.useFakeTimers();
    calls = 0;
    fail = true;
    hold = false;
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it("are gobreaker's: a consecutive breaker of threshold 6 and a 60 s break", () => {
    expect(goKitDefaults).toEqual({
      breaker: "consecutive",
      threshold: 6,
      halfOpenAfterMs: 60_000,
    });
    expect(Object.isFrozen(goKitDefaults)).toBe(true);
  });

  it("stay closed after 5 consecutive failures (ConsecutiveFailures > 5 is false)", async () => {
    const breaker = circuitBreaker(goKitDefaults);
    await failures(breaker(endpoint), 5);
    expect(breaker.state()).toBe("closed");
  });

  it("open on the 6th consecutive failure", async () => {
    const breaker = circuitBreaker(goKitDefaults);
    const guarded = breaker(endpoint);
    await failures(guarded, 6);
    expect(breaker.state()).toBe("open");
    const err = await guarded(background(), 7).catch((e: unknown) => e);
    expect(isKitError(err) && err.code).toBe("unavailable");
    expect(calls).toBe(6);
  });

  it("stay open for 60 s, then let one probe through while others fail fast, and close on its success", async () => {
    const breaker = circuitBreaker(goKitDefaults);
    const guarded = breaker(endpoint);
    await failures(guarded, 6);
    await jest.advanceTimersByTimeAsync(59_999);
    fail = false;
    await expect(guarded(background(), 1)).rejects.toMatchObject({ code: "unavailable" });
    await jest.advanceTimersByTimeAsync(1);
    hold = true;
    const probe = guarded(background(), 2);
    await expect(guarded(background(), 3)).rejects.toMatchObject({ code: "unavailable" });
    answer();
    await expect(probe).resolves.toBe(2);
    expect(calls).toBe(7);
    expect(breaker.state()).toBe("closed");
  });

  it("take overrides by spreading, as go-kit's addsvc does with Timeout: 30 s", async () => {
    const breaker = circuitBreaker({ ...goKitDefaults, halfOpenAfterMs: 30_000 });
    const guarded = breaker(endpoint);
    await failures(guarded, 6);
    await jest.advanceTimersByTimeAsync(30_000);
    fail = false;
    await expect(guarded(background(), 1)).resolves.toBe(1);
  });
});
