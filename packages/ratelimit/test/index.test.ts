import type { Endpoint, Middleware } from "@kit/endpoint";
import { background, chain } from "@kit/endpoint";
import type { Allower, Waiter } from "../src/index.js";
import * as root from "../src/index.js";
import { concurrencyLimiter, delayingLimiter, erroringLimiter, tokenBucket } from "../src/index.js";

type SumReq = { a: number; b: number };
type SumRes = { v: number };
const sum: Endpoint<SumReq, SumRes> = async (_ctx, { a, b }) => ({ v: a + b });

describe("the package root", () => {
  it("exports exactly the documented runtime names", () => {
    expect(Object.keys(root).sort()).toEqual([
      "concurrencyLimiter",
      "delayingLimiter",
      "erroringLimiter",
      "redisLimiter",
      "tokenBucket",
    ]);
  });

  it("gives middlewares that keep the endpoint's request and response types", async () => {
    const bucket = tokenBucket({ ratePerSec: 10, burst: 10 });
    const limited: Endpoint<SumReq, SumRes> = erroringLimiter(bucket)(sum);
    const paced: Endpoint<SumReq, SumRes> = delayingLimiter(bucket)(sum);
    const bulkhead: Endpoint<SumReq, SumRes> = concurrencyLimiter({ maxInFlight: 1 })(sum);
    // @ts-expect-error: the wrapped endpoint still takes a SumReq only
    await expect(limited(background(), { a: "1", b: 2 })).resolves.toBeDefined();
    expect((await paced(background(), { a: 1, b: 2 })).v).toBe(3);
    expect((await bulkhead(background(), { a: 2, b: 2 })).v).toBe(4);
  });

  it("composes with chain, the limiter outermost", async () => {
    const outer: Middleware<SumReq, SumRes> = erroringLimiter(
      tokenBucket({ ratePerSec: 1, burst: 1 }),
    );
    const inner: Middleware<SumReq, SumRes> = concurrencyLimiter({ maxInFlight: 4 });
    const endpoint = chain(outer, inner)(sum);
    await expect(endpoint(background(), { a: 1, b: 1 })).resolves.toEqual({ v: 2 });
    await expect(endpoint(background(), { a: 1, b: 1 })).rejects.toMatchObject({
      code: "resource_exhausted",
    });
  });

  it("accepts any object with the one method as an Allower or a Waiter", async () => {
    const always: Allower = { allow: () => true };
    const never: Waiter = { wait: () => Promise.reject(new Error("no")) };
    await expect(erroringLimiter(always)(sum)(background(), { a: 0, b: 1 })).resolves.toEqual({
      v: 1,
    });
    await expect(delayingLimiter(never)(sum)(background(), { a: 0, b: 1 })).rejects.toThrow("no");
    // @ts-expect-error: an Allower's allow must answer a boolean
    const wrong: Allower = { allow: () => "yes" };
    expect(wrong).toBeDefined();
  });
});
