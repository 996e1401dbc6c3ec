import type { Context } from "@kit/endpoint";
import { contextError, KitError } from "@kit/endpoint";
import type { Waiter } from "./delaying-limiter.js";
import type { Allower } from "./erroring-limiter.js";

/** Options for {@link tokenBucket}. */
export interface TokenBucketOptions {
  /** Tokens added per second, per key (> 0, finite). Required. */
  ratePerSec: number;
  /** The most tokens a key can hold: how many requests may pass at once after a pause (integer >= 1). Required. */
  burst: number;
  /**
   * The clock, in epoch milliseconds (the clock of `ctx.deadline`). Default: `Date.now`, which
   * jest's modern fake timers also drive.
   */
  now?: () => number;
  /**
   * The most keys tracked at once (integer >= 1). Default: 10,000. Past it the least recently
   * used key is forgotten; it comes back with a full bucket.
   */
  maxKeys?: number;
}

/**
 * An in-process token bucket per key, usable as an {@link Allower} and a {@link Waiter}.
 * Returned by {@link tokenBucket}.
 *
 * @example
 * const bucket: TokenBucket = tokenBucket({ ratePerSec: 2, burst: 1 });
 * bucket.allow("alice"); // true
 * bucket.tokens("alice"); // 0, then 1 after half a second
 */
export interface TokenBucket extends Allower, Waiter {
  /** Takes a token for `key` (default `""`) if one is there now; never waits. */
  allow(key?: string): boolean;
  /**
   * Reserves a token for `key` (default `""`) and resolves when it is due. Rejects at once with
   * `deadline_exceeded` if it would be due after `ctx.deadline` (nothing is taken), and with the
   * context's error when `ctx.signal` aborts while waiting (the token is given back).
   */
  wait(ctx: Context, key?: string): Promise<void>;
  /** The tokens `key` holds now (negative while waiters are queued), for metrics and tests. */
  tokens(key?: string): number;
  /** How many keys are tracked now (at most `maxKeys`). */
  readonly size: number;
}

interface Bucket {
  tokens: number;
  last: number;
}

/**
 * Creates an in-process token bucket: each key starts with `burst` tokens and gains
 * `ratePerSec` per second up to `burst`; every request takes one (go-kit's
 * `ratelimit.NewTokenBucket`, with `golang.org/x/time/rate`'s reserve semantics: a waiter
 * takes its token at once, possibly into debt, and waits until the debt is repaid, so waiters
 * are served in order and the long-run rate is never exceeded).
 *
 * Keys are kept in a map bounded by `maxKeys`, evicted least recently used first. Evicting a
 * key forgets its debt, so keep `maxKeys` above the number of callers active within
 * `burst / ratePerSec` seconds. Throws a `TypeError` for invalid options.
 *
 * @example
 * const bucket = tokenBucket({ ratePerSec: 10, burst: 5 });
 * const limited = erroringLimiter(bucket)(sum);   // or delayingLimiter(bucket)(sum)
 */
export function tokenBucket(options: TokenBucketOptions): TokenBucket {
  const { ratePerSec, burst, now = Date.now, maxKeys = 10_000 } = options ?? {};
  if (typeof ratePerSec !== "number" || !(ratePerSec > 0) || !Number.isFinite(ratePerSec))
    throw new TypeError(`tokenBucket: ratePerSec must be a finite number > 0, got ${ratePerSec}`);
  if (!Number.isInteger(burst) || burst < 1)
    throw new TypeError(`tokenBucket: burst must be an integer >= 1, got ${burst}`);
  if (typeof now !== "function") throw new TypeError("tokenBucket: now must be a function");
  if (!Number.isInteger(maxKeys) || maxKeys < 1)
    throw new TypeError(`tokenBucket: maxKeys must be an integer >= 1, got ${maxKeys}`);

  const buckets = new Map<string, Bucket>();
  // The most recently used bucket, already last in `buckets`: taking from it again needs no
  // reordering (one key, or a burst from one caller).
  let newestKey: string | undefined;
  let newest: Bucket | undefined;

  /** The bucket for `key`, refilled up to `t` and marked most recently used. */
  function take(key: string, t: number): Bucket {
    let b: Bucket | undefined;
    if (key === newestKey && newest !== undefined) b = newest;
    else {
      b = buckets.get(key);
      if (b === undefined) {
        if (buckets.size >= maxKeys) buckets.delete(buckets.keys().next().value as string);
        b = { tokens: burst, last: t };
      } else buckets.delete(key);
      buckets.set(key, b);
      newestKey = key;
      newest = b;
    }
    if (t > b.last) {
      // Multiply before dividing: exact for whole-millisecond steps at whole rates.
      b.tokens = Math.min(burst, b.tokens + ((t - b.last) * ratePerSec) / 1000);
      b.last = t;
    }
    return b;
  }

  function giveBack(key: string): void {
    const b = buckets.get(key);
    if (b !== undefined) b.tokens = Math.min(burst, b.tokens + 1);
  }

  return {
    allow(key = "") {
      const b = take(key, now());
      if (b.tokens < 1) return false;
      b.tokens -= 1;
      return true;
    },

    wait(ctx, key = "") {
      const err = contextError(ctx);
      if (err !== undefined) return Promise.reject(err);
      const t = now();
      const b = take(key, t);
      b.tokens -= 1;
      if (b.tokens >= 0) return Promise.resolve();
      const delayMs = Math.ceil((-b.tokens * 1000) / ratePerSec);
      if (ctx.deadline !== undefined && t + delayMs >= ctx.deadline) {
        b.tokens += 1;
        return Promise.reject(
          new KitError("deadline_exceeded", "rate limit wait would exceed the context deadline"),
        );
      }
      return new Promise<void>((resolve, reject) => {
        const signal = ctx.signal;
        const onAbort = () => {
          clearTimeout(timer);
          giveBack(key);
          reject(contextError(ctx));
        };
        const timer = setTimeout(() => {
          signal.removeEventListener("abort", onAbort);
          resolve();
        }, delayMs);
        signal.addEventListener("abort", onAbort, { once: true });
      });
    },

    tokens(key = "") {
      const b = buckets.get(key);
      if (b === undefined) return burst;
      const t = now();
      return t > b.last ? Math.min(burst, b.tokens + ((t - b.last) * ratePerSec) / 1000) : b.tokens;
    },

    get size() {
      return buckets.size;
    },
  };
}
