import type { Context, Endpoint } from "@kit/endpoint";
import {
  background,
  codeTable,
  createMetadata,
  incomingMetadata,
  isKitError,
  KitError,
  withIncomingMetadata,
} from "@kit/endpoint";
import type { Allower } from "../src/erroring-limiter.js";
import { erroringLimiter } from "../src/erroring-limiter.js";
import { tokenBucket } from "../src/token-bucket.js";

type SumReq = { a: number; b: number };
type SumRes = { v: number };

function countingSum() {
  const endpoint: Endpoint<SumReq, SumRes> & { calls: number } = Object.assign(
    async (_ctx: Context, { a, b }: SumReq) => {
      endpoint.calls++;
      return { v: a + b };
    },
    { calls: 0 },
  );
  return endpoint;
}

function manualClock(start = 1_000_000) {
  let t = start;
  return {
    now: () => t,
    advance(ms: number) {
      t += ms;
    },
  };
}

const req = { a: 1, b: 2 };

function asCaller(caller: string): Context {
  return withIncomingMetadata(background(), createMetadata({ "x-api-key": caller }));
}

describe("erroringLimiter", () => {
  it("admits requests within the rate and rejects the rest with resource_exhausted", async () => {
    const clock = manualClock();
    const sum = countingSum();
    const limited = erroringLimiter(tokenBucket({ ratePerSec: 1, burst: 2, now: clock.now }))(sum);
    await expect(limited(background(), req)).resolves.toEqual({ v: 3 });
    await expect(limited(background(), req)).resolves.toEqual({ v: 3 });
    const err = await limited(background(), req).catch((e: unknown) => e);
    expect(isKitError(err)).toBe(true);
    expect(err).toMatchObject({ code: "resource_exhausted", message: "rate limit exceeded" });
    expect(sum.calls).toBe(2);
  });

  it("rejects with a code the transports answer with 429 and RESOURCE_EXHAUSTED", async () => {
    const limited = erroringLimiter({ allow: () => false })(countingSum());
    const err = await limited(background(), req).catch((e: unknown) => e);
    const code = isKitError(err) ? err.code : "unknown";
    expect(codeTable[code]).toMatchObject({ httpStatus: 429, grpcStatus: 8 });
  });

  it("admits again once the bucket has refilled", async () => {
    const clock = manualClock();
    const limited = erroringLimiter(tokenBucket({ ratePerSec: 2, burst: 1, now: clock.now }))(
      countingSum(),
    );
    await limited(background(), req);
    await expect(limited(background(), req)).rejects.toMatchObject({ code: "resource_exhausted" });
    clock.advance(500);
    await expect(limited(background(), req)).resolves.toEqual({ v: 3 });
  });

  it("isolates callers when given a key function", async () => {
    const clock = manualClock();
    const limited = erroringLimiter(tokenBucket({ ratePerSec: 1, burst: 1, now: clock.now }), {
      key: (ctx) => incomingMetadata(ctx).get("x-api-key") ?? "anonymous",
    })(countingSum());
    await limited(asCaller("alice"), req);
    await expect(limited(asCaller("alice"), req)).rejects.toMatchObject({
      code: "resource_exhausted",
    });
    await expect(limited(asCaller("bob"), req)).resolves.toEqual({ v: 3 });
    await expect(limited(background(), req)).resolves.toEqual({ v: 3 });
  });

  it("hands the key function the context and the request", async () => {
    const seen: string[] = [];
    const allower: Allower = {
      allow: (key) => {
        seen.push(key);
        return true;
      },
    };
    const limited = erroringLimiter(allower, {
      key: (_ctx, request) => `a=${(request as SumReq).a}`,
    })(countingSum());
    await limited(background(), { a: 7, b: 0 });
    expect(seen).toEqual(["a=7"]);
  });

  it('counts every request against the key "" by default', async () => {
    const seen: string[] = [];
    const limited = erroringLimiter({
      allow: (key) => {
        seen.push(key);
        return true;
      },
    })(countingSum());
    await limited(background(), req);
    expect(seen).toEqual([""]);
  });

  it("awaits an asynchronous allower", async () => {
    const sum = countingSum();
    const answers = [true, false];
    const limited = erroringLimiter({ allow: async () => answers.shift() ?? false })(sum);
    await expect(limited(background(), req)).resolves.toEqual({ v: 3 });
    await expect(limited(background(), req)).rejects.toMatchObject({ code: "resource_exhausted" });
    expect(sum.calls).toBe(1);
  });

  it("passes an allower's own rejection through without calling the endpoint", async () => {
    const sum = countingSum();
    const down = new KitError("unavailable", "rate limiter unavailable");
    const limited = erroringLimiter({ allow: () => Promise.reject(down) })(sum);
    await expect(limited(background(), req)).rejects.toBe(down);
    expect(sum.calls).toBe(0);
  });

  it("rejects an allower without an allow method with a TypeError", () => {
    expect(() => erroringLimiter({} as Allower)).toThrow(TypeError);
  });

  it("rejects a key that is not a function with a TypeError", () => {
    expect(() =>
      erroringLimiter({ allow: () => true }, { key: "x" as unknown as () => string }),
    ).toThrow(/key must be a function/);
  });
});
