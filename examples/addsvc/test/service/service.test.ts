import { background } from "@kit/endpoint";
import {
  addService,
  errIntOverflow,
  errMaxSizeExceeded,
  errTwoZeroes,
  intMax,
  intMin,
  isBusinessError,
} from "../../src/service/service.js";

const svc = addService();
const ctx = background();

describe("addService.sum", () => {
  it("adds two integers", async () => {
    await expect(svc.sum(ctx, 1n, 2n)).resolves.toBe(3n);
  });

  it("refuses two zeroes with go-kit's message", async () => {
    await expect(svc.sum(ctx, 0n, 0n)).rejects.toBe(errTwoZeroes);
    expect(errTwoZeroes.message).toBe("can't sum two zeroes");
  });

  it("refuses a result beyond 32-bit bounds, checked against b's sign", async () => {
    await expect(svc.sum(ctx, intMax, 1n)).rejects.toBe(errIntOverflow);
    await expect(svc.sum(ctx, intMin, -1n)).rejects.toBe(errIntOverflow);
    await expect(svc.sum(ctx, intMax, 0n)).resolves.toBe(intMax);
    await expect(svc.sum(ctx, intMax - 1n, 1n)).resolves.toBe(intMax);
    expect(errIntOverflow.message).toBe("integer overflow");
  });

  it("passes an int64 beyond 2^53 through exactly when b is zero, as go-kit does", async () => {
    await expect(svc.sum(ctx, 9007199254740993n, 0n)).resolves.toBe(9007199254740993n);
  });
});

describe("addService.concat", () => {
  it("concatenates two strings", async () => {
    await expect(svc.concat(ctx, "go", "kit")).resolves.toBe("gokit");
  });

  it("counts UTF-8 bytes, as Go's len does", async () => {
    await expect(svc.concat(ctx, "12345", "67890")).resolves.toBe("1234567890");
    await expect(svc.concat(ctx, "é", "123456789")).rejects.toBe(errMaxSizeExceeded);
    expect(errMaxSizeExceeded.message).toBe("result exceeds maximum size");
  });
});

describe("isBusinessError", () => {
  it("tells the service's own errors from anything else", () => {
    expect(isBusinessError(errTwoZeroes)).toBe(true);
    expect(isBusinessError(new Error("can't sum two zeroes"))).toBe(false);
  });
});
