import type { Context } from "@kit/endpoint";
import { KitError } from "@kit/endpoint";

/**
 * The add service: the business logic, with no knowledge of transports or middleware (go-kit's
 * `addservice.Service`). Integers are int64 on every wire, so they are `bigint` here.
 */
export interface AddService {
  /** Adds two integers. Rejects two zeroes and results outside 32-bit bounds, as go-kit does. */
  sum(ctx: Context, a: bigint, b: bigint): Promise<bigint>;
  /** Concatenates two strings of at most {@link maxConcatBytes} UTF-8 bytes together. */
  concat(ctx: Context, a: string, b: string): Promise<string>;
}

/** The largest 32-bit signed integer; go-kit's addsvc checks sums against it. */
export const intMax = 2n ** 31n - 1n;
/** The smallest 32-bit signed integer. */
export const intMin = -(intMax + 1n);
/** The longest `concat` result, in UTF-8 bytes (Go's `len`). */
export const maxConcatBytes = 10;

/** `sum(0, 0)`: go-kit's `ErrTwoZeroes`. Clients see HTTP 400 / the gRPC reply's `err`. */
export const errTwoZeroes = new KitError("invalid_argument", "can't sum two zeroes");
/** A sum outside 32-bit bounds: go-kit's `ErrIntOverflow`. */
export const errIntOverflow = new KitError("invalid_argument", "integer overflow");
/** A concat result longer than {@link maxConcatBytes}: go-kit's `ErrMaxSizeExceeded`. */
export const errMaxSizeExceeded = new KitError("invalid_argument", "result exceeds maximum size");

const businessErrors: ReadonlySet<unknown> = new Set([
  errTwoZeroes,
  errIntOverflow,
  errMaxSizeExceeded,
]);

/** Whether `err` is one of the service's business errors, which travel inside responses. */
export function isBusinessError(err: unknown): err is KitError {
  return businessErrors.has(err);
}

/**
 * The plain implementation of {@link AddService}, with go-kit addsvc's exact rules: the overflow
 * test uses 32-bit bounds against `b`'s sign, and the concat limit counts UTF-8 bytes.
 *
 * @example
 * await addService().sum(background(), 1n, 2n); // 3n
 */
export function addService(): AddService {
  return {
    async sum(_ctx, a, b) {
      if (a === 0n && b === 0n) throw errTwoZeroes;
      if ((b > 0n && a > intMax - b) || (b < 0n && a < intMin - b)) throw errIntOverflow;
      return a + b;
    },
    async concat(_ctx, a, b) {
      if (Buffer.byteLength(a) + Buffer.byteLength(b) > maxConcatBytes) throw errMaxSizeExceeded;
      return a + b;
    },
  };
}
