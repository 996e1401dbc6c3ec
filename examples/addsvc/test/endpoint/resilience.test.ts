import type { KitError } from "@kit/endpoint";
import { background } from "@kit/endpoint";
import { goKitLimits, withResilience } from "../../src/endpoint/resilience.js";
import { makeEndpoints } from "../../src/endpoint/set.js";
import type { AddService } from "../../src/service/service.js";
import { addService } from "../../src/service/service.js";

const rejection = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: KitError) => e,
  );

describe("withResilience", () => {
  beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => jest.useRealTimers());

  it("limits sum to go-kit's 1 a second with a burst of 1", async () => {
    const { sum } = withResilience(makeEndpoints(addService()), goKitLimits);
    await expect(sum(background(), { a: 1n, b: 1n })).resolves.toMatchObject({ v: 2n });
    expect((await rejection(sum(background(), { a: 1n, b: 1n })))?.code).toBe("resource_exhausted");
    await jest.advanceTimersByTimeAsync(1_000);
    await expect(sum(background(), { a: 1n, b: 1n })).resolves.toMatchObject({ v: 2n });
  });

  it("lets concat burst to 100 before limiting", async () => {
    const { concat } = withResilience(makeEndpoints(addService()), goKitLimits);
    for (let i = 0; i < 100; i++) await concat(background(), { a: "a", b: "b" });
    expect((await rejection(concat(background(), { a: "a", b: "b" })))?.code).toBe(
      "resource_exhausted",
    );
  });

  it("opens the breaker after more than 5 consecutive failures and then fails fast", async () => {
    let calls = 0;
    const broken: AddService = {
      ...addService(),
      sum: async () => {
        calls++;
        throw new Error("database down");
      },
    };
    const unlimited = { ratePerSec: 1e9, burst: 1e9 };
    const { sum } = withResilience(makeEndpoints(broken), { sum: unlimited, concat: unlimited });
    for (let i = 0; i < 6; i++) await rejection(sum(background(), { a: 1n, b: 1n }));
    expect(calls).toBe(6);
    const open = await rejection(sum(background(), { a: 1n, b: 1n }));
    expect(open?.code).toBe("unavailable");
    expect(calls).toBe(6);
  });

  it("does not count business errors against the breaker", async () => {
    const unlimited = { ratePerSec: 1e9, burst: 1e9 };
    const { sum } = withResilience(makeEndpoints(addService()), {
      sum: unlimited,
      concat: unlimited,
    });
    for (let i = 0; i < 10; i++) await sum(background(), { a: 0n, b: 0n });
    await expect(sum(background(), { a: 1n, b: 2n })).resolves.toMatchObject({ v: 3n });
  });
});
