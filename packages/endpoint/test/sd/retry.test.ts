import { background, withCancel, withTimeout } from "../../src/context.js";
import type { Endpoint } from "../../src/endpoint.js";
import { isKitError, KitError } from "../../src/errors.js";
import type { Balancer } from "../../src/sd/balancer.js";
import { retry } from "../../src/sd/retry.js";
import { roundRobin } from "../../src/sd/round-robin.js";
import { stubEndpointer } from "./support/endpoints.js";

type E = Endpoint<string, string>;

/** A balancer that hands out `endpoints` in order, cycling. */
const inTurn = (...endpoints: E[]): Balancer<string, string> =>
  roundRobin(stubEndpointer(endpoints));

const failing = (err: unknown): E => jest.fn(async () => Promise.reject(err));
const never: E = () => new Promise<string>(() => {});

/** Runs `promise` to its rejection and returns the reason (fails the test if it resolves). */
async function rejection(promise: Promise<unknown>): Promise<KitError> {
  const outcome = await promise.then(
    (value) => ({ ok: true as const, value }),
    (err: unknown) => ({ ok: false as const, err }),
  );
  if (outcome.ok) throw new Error(`expected a rejection, got ${String(outcome.value)}`);
  expect(isKitError(outcome.err)).toBe(true);
  return outcome.err as KitError;
}

describe("retry", () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it("succeeds on a later attempt", async () => {
    const ok: E = jest.fn(async (_ctx, req: string) => `hello ${req}`);
    const first = failing(new Error("refused"));
    const endpoint = retry(3, 1_000, inTurn(first, ok));
    await expect(endpoint(background(), "kit")).resolves.toBe("hello kit");
    expect(first).toHaveBeenCalledTimes(1);
    expect(ok).toHaveBeenCalledTimes(1);
  });

  it("gives each attempt a fresh endpoint from the balancer", async () => {
    const balancer = inTurn(failing(new Error("x")));
    const spy = jest.spyOn(balancer, "endpoint");
    await rejection(retry(4, 1_000, balancer)(background(), "r"));
    expect(spy).toHaveBeenCalledTimes(4);
  });

  it("gives up after max attempts with one error listing every attempt and the last code", async () => {
    const e1 = new KitError("internal", "boom 1");
    const e2 = new Error("boom 2");
    const e3 = new KitError("unavailable", "boom 3");
    const endpoint = retry(3, 1_000, inTurn(failing(e1), failing(e2), failing(e3)));
    const err = await rejection(endpoint(background(), "r"));
    expect(err.code).toBe("unavailable");
    expect(err.message).toBe("boom 3 (previously: boom 1; unexpected error)");
    expect(err.cause).toBeInstanceOf(AggregateError);
    expect((err.cause as AggregateError).errors).toEqual([e1, e2, e3]);
  });

  it("reports a single failure with its own code and message", async () => {
    const endpoint = retry(1, 1_000, inTurn(failing(new KitError("not_found", "no such user"))));
    const err = await rejection(endpoint(background(), "r"));
    expect(err.code).toBe("not_found");
    expect(err.message).toBe("no such user");
  });

  it("reports a plain Error as unknown", async () => {
    const err = await rejection(
      retry(2, 1_000, inTurn(failing(new Error("oops"))))(background(), ""),
    );
    expect(err.code).toBe("unknown");
    expect(err.message).toBe("unexpected error (previously: unexpected error)");
  });

  it("counts an empty balancer as a failed attempt", async () => {
    const endpoint = retry(2, 1_000, roundRobin(stubEndpointer<string, string>([])));
    const err = await rejection(endpoint(background(), "r"));
    expect(err.code).toBe("unavailable");
    expect(err.message).toBe("no endpoints available (previously: no endpoints available)");
  });

  it("counts an endpoint that throws synchronously as a failed attempt", async () => {
    const sync: E = () => {
      throw new KitError("internal", "sync");
    };
    const ok: E = async () => "ok";
    await expect(retry(2, 1_000, inTurn(sync, ok))(background(), "r")).resolves.toBe("ok");
  });

  it("stops when shouldRetry refuses, after asking with the 1-based attempt and the error", async () => {
    const e1 = new KitError("invalid_argument", "bad request");
    const e2 = new KitError("unavailable", "down");
    const shouldRetry = jest.fn(
      (_n: number, err: unknown) => !(isKitError(err) && err.code === "invalid_argument"),
    );
    const attempts = [failing(e2), failing(e1), failing(e2)];
    const endpoint = retry(5, 1_000, inTurn(...attempts), { shouldRetry });
    const err = await rejection(endpoint(background(), "r"));
    expect(shouldRetry.mock.calls).toEqual([
      [1, e2],
      [2, e1],
    ]);
    expect(attempts[2]).not.toHaveBeenCalled();
    expect(err.code).toBe("invalid_argument");
    expect(err.message).toBe("bad request (previously: down)");
  });

  it("does not ask shouldRetry about the last allowed attempt", async () => {
    const shouldRetry = jest.fn(() => true);
    await rejection(
      retry(2, 1_000, inTurn(failing(new Error("x"))), { shouldRetry })(background(), ""),
    );
    expect(shouldRetry).toHaveBeenCalledTimes(1);
  });

  it("passes each attempt a context bounded by the budget", async () => {
    let seen: number | undefined;
    const spy: E = async (ctx) => {
      seen = ctx.deadline;
      return "ok";
    };
    const before = Date.now();
    await retry(1, 300, inTurn(spy))(background(), "");
    expect(seen).toBeGreaterThanOrEqual(before + 300);
    expect(seen).toBeLessThanOrEqual(Date.now() + 300);
  });

  it("stops at the timeout budget with deadline_exceeded, listing the failures so far", async () => {
    jest.useFakeTimers();
    const first = new KitError("unavailable", "refused");
    const slowFail: E = jest.fn(
      () =>
        new Promise<string>((_resolve, reject) => {
          setTimeout(() => reject(first), 60);
        }),
    );
    const endpoint = retry(5, 100, inTurn(slowFail));
    const outcome = rejection(endpoint(background(), "r"));
    await jest.advanceTimersByTimeAsync(99);
    expect(slowFail).toHaveBeenCalledTimes(2);
    await jest.advanceTimersByTimeAsync(1);
    const err = await outcome;
    expect(err.code).toBe("deadline_exceeded");
    expect(err.message).toMatch(/deadline exceeded \(previously: refused\)$/);
    const errors = (err.cause as AggregateError).errors;
    expect(errors).toHaveLength(2);
    expect(errors[0]).toBe(first);
    expect(errors[1]).toMatchObject({ code: "deadline_exceeded" });
  });

  it("does not wait for an attempt that outlives the budget", async () => {
    jest.useFakeTimers();
    const outcome = rejection(retry(3, 100, inTurn(never))(background(), "r"));
    await jest.advanceTimersByTimeAsync(100);
    const err = await outcome;
    expect(err.code).toBe("deadline_exceeded");
    expect((err.cause as AggregateError).errors).toHaveLength(1);
  });

  it("honours a caller deadline shorter than the budget", async () => {
    jest.useFakeTimers();
    const [ctx, cancel] = withTimeout(background(), 50);
    const outcome = rejection(retry(3, 10_000, inTurn(never))(ctx, "r"));
    await jest.advanceTimersByTimeAsync(50);
    expect((await outcome).code).toBe("deadline_exceeded");
    cancel();
  });

  it("stops at once when the caller aborts, and aborts the attempt's context too", async () => {
    const [ctx, cancel] = withCancel(background());
    let attemptSignal: AbortSignal | undefined;
    const hang: E = jest.fn((attemptCtx) => {
      attemptSignal = attemptCtx.signal;
      return new Promise<string>(() => {});
    });
    const outcome = rejection(retry(3, 10_000, inTurn(hang))(ctx, "r"));
    cancel();
    const err = await outcome;
    expect(err.code).toBe("canceled");
    expect(hang).toHaveBeenCalledTimes(1);
    expect(attemptSignal?.aborted).toBe(true);
  });

  it("carries the caller's own KitError reason through", async () => {
    const [ctx, cancel] = withCancel(background());
    const outcome = rejection(retry(3, 10_000, inTurn(never))(ctx, "r"));
    cancel(new KitError("aborted", "shutting down"));
    const err = await outcome;
    expect(err.code).toBe("aborted");
    expect(err.message).toBe("shutting down");
  });

  it("reports canceled for a caller abort with a plain reason", async () => {
    const [ctx, cancel] = withCancel(background());
    const outcome = rejection(retry(3, 10_000, inTurn(never))(ctx, "r"));
    cancel(new Error("bye"));
    expect((await outcome).code).toBe("canceled");
  });

  it("does not call the balancer when the caller's context has already ended", async () => {
    const [ctx, cancel] = withCancel(background());
    cancel();
    const balancer = inTurn(async () => "ok");
    const spy = jest.spyOn(balancer, "endpoint");
    const err = await rejection(retry(3, 1_000, balancer)(ctx, "r"));
    expect(err.code).toBe("canceled");
    expect(spy).not.toHaveBeenCalled();
  });

  it("stops even when the context ends during the endpoint's synchronous call", async () => {
    const [ctx, cancel] = withCancel(background());
    const cancelsThenHangs: E = () => {
      cancel();
      return new Promise<string>(() => {});
    };
    const err = await rejection(retry(3, 10_000, inTurn(cancelsThenHangs))(ctx, "r"));
    expect(err.code).toBe("canceled");
  });

  it("keeps an attempt's own failure when the context ends just after it", async () => {
    const [ctx, cancel] = withCancel(background());
    const own = new KitError("unavailable", "connection reset");
    // Rejects, then cancels one microtask later: after retry saw the failure, before it looked
    // at the context.
    const failsThenCancels: E = () => {
      const p = Promise.reject(own);
      p.catch(() => Promise.resolve().then(() => cancel()));
      return p;
    };
    const err = await rejection(retry(3, 10_000, inTurn(failsThenCancels))(ctx, "r"));
    expect(err.code).toBe("canceled");
    expect((err.cause as AggregateError).errors).toEqual([
      own,
      expect.objectContaining({ code: "canceled" }),
    ]);
  });

  it("leaves no timers behind, on success or failure", async () => {
    jest.useFakeTimers();
    await retry(
      3,
      1_000,
      inTurn(async () => "ok"),
    )(background(), "r");
    expect(jest.getTimerCount()).toBe(0);
    await rejection(retry(3, 1_000, inTurn(failing(new Error("x"))))(background(), "r"));
    expect(jest.getTimerCount()).toBe(0);
  });

  it("removes every abort listener it adds to a foreign caller context", async () => {
    const controller = new AbortController();
    const add = jest.spyOn(controller.signal, "addEventListener");
    const remove = jest.spyOn(controller.signal, "removeEventListener");
    const foreign = { signal: controller.signal, deadline: undefined, value: () => undefined };
    await retry(
      3,
      1_000,
      inTurn(failing(new Error("x")), async () => "ok"),
    )(foreign, "r");
    expect(add).toHaveBeenCalled();
    expect(remove).toHaveBeenCalledTimes(add.mock.calls.length);
  });

  it("validates its arguments at construction", () => {
    const balancer = inTurn(async () => "ok");
    expect(() => retry(0, 100, balancer)).toThrow(/max must be an integer >= 1, got 0/);
    expect(() => retry(1.5, 100, balancer)).toThrow(TypeError);
    expect(() => retry(Number.NaN, 100, balancer)).toThrow(TypeError);
    expect(() => retry(1, 0, balancer)).toThrow(/timeoutMs must be a finite number/);
    expect(() => retry(1, -5, balancer)).toThrow(TypeError);
    expect(() => retry(1, Number.POSITIVE_INFINITY, balancer)).toThrow(TypeError);
    expect(() => retry(1, 2 ** 31, balancer)).toThrow(TypeError);
    expect(() => retry(1, 100, {} as never)).toThrow(/balancer/);
    expect(() => retry(1, 100, balancer, { shouldRetry: true as never })).toThrow(TypeError);
  });
});
