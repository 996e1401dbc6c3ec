import { createHash } from "node:crypto";
import type { Logger } from "@kit/endpoint";
import { KitError, nopLogger } from "@kit/endpoint";
import type { Cluster, Redis } from "ioredis";
import type { Allower } from "./erroring-limiter.js";

/**
 * The token bucket, run atomically inside Redis. State per key: a hash of `tokens` and `ts`
 * (microseconds, from Redis's own clock, so instances with skewed clocks agree). The key
 * expires once it would have refilled, so idle callers cost no memory.
 *
 * KEYS[1] = bucket key; ARGV = ratePerSec, burst, ttlMs. Returns 1 (allowed) or 0.
 */
export const tokenBucketScript = `local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local state = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(state[1])
local last = tonumber(state[2])
if tokens == nil or last == nil then
  tokens = burst
  last = now
end
if now > last then
  tokens = math.min(burst, tokens + (now - last) * rate / 1000000)
  last = now
end
local allowed = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', tostring(last))
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return allowed
`;

const scriptSha = createHash("sha1").update(tokenBucketScript).digest("hex");

/** Options for {@link redisLimiter}. */
export interface RedisLimiterOptions {
  /** The ioredis client (or cluster) to run the script on; the caller owns and closes it. Required. */
  client: Redis | Cluster;
  /** Tokens added per second, per key (> 0, finite). Required. */
  ratePerSec: number;
  /** The most tokens a key can hold (integer >= 1). Required. */
  burst: number;
  /**
   * Prepended to every key to name the shared budget, e.g. `"addsvc:sum:"` (non-empty).
   * Required: every instance using the same prefix (and key) shares one budget.
   */
  prefix: string;
  /**
   * What `allow` does when Redis fails or does not answer within `timeoutMs`: `"allow"` lets
   * the request through (fail open); `"deny"` rejects with `KitError("unavailable")` carrying
   * the Redis error as `cause` (fail closed). Default: `"allow"`.
   */
  onRedisError?: "allow" | "deny";
  /** How long to wait for Redis, in milliseconds (> 0). Default: 100. */
  timeoutMs?: number;
  /** Where Redis failures are reported (`level: "warn"`). Default: `nopLogger`. */
  logger?: Logger;
}

/**
 * An {@link Allower} whose budget lives in Redis. Returned by {@link redisLimiter}.
 *
 * @example
 * const limiter: RedisLimiter = redisLimiter({ client: redis, ratePerSec: 10, burst: 10, prefix: "jobs:" });
 * if (!(await limiter.allow(tenantId))) throw new KitError("resource_exhausted", "slow down");
 */
export interface RedisLimiter extends Allower {
  /**
   * Takes a token for `prefix + key` (key default `""`) in Redis. Resolves `false` when the
   * budget is spent; when Redis fails or is slow, resolves `true` (`onRedisError: "allow"`) or
   * rejects with `KitError("unavailable")` (`"deny"`), within `timeoutMs`.
   */
  allow(key?: string): Promise<boolean>;
}

/**
 * Creates a distributed token bucket: every instance (with its own client) that uses the same
 * Redis and `prefix` shares one budget of `burst` tokens refilled at `ratePerSec`. Each `allow`
 * is one atomic Lua script (`EVALSHA`, falling back to `EVAL` when Redis does not have it
 * cached, as after a restart). Needs Redis >= 5 (the script reads `TIME`).
 *
 * Redis trouble never hangs a request and never surfaces a raw ioredis error: after
 * `timeoutMs` or on any error the limiter fails open (default) or closed, per `onRedisError`.
 * Give the client `enableOfflineQueue: false` so commands fail fast while disconnected instead
 * of queueing until the timeout. Keys expire once their bucket would be full again, so
 * per-caller keys are evicted by TTL. Throws a `TypeError` for invalid options.
 *
 * @example
 * const redis = new Redis({ host: "127.0.0.1", enableOfflineQueue: false });
 * const limited = erroringLimiter(redisLimiter({ client: redis, ratePerSec: 100, burst: 20,
 *   prefix: "addsvc:sum:" }))(sum);
 */
export function redisLimiter(options: RedisLimiterOptions): RedisLimiter {
  const {
    client,
    ratePerSec,
    burst,
    prefix,
    onRedisError = "allow",
    timeoutMs = 100,
    logger = nopLogger,
  } = options ?? {};
  if (typeof client?.evalsha !== "function" || typeof client.eval !== "function")
    throw new TypeError("redisLimiter: client must be an ioredis Redis or Cluster");
  if (typeof ratePerSec !== "number" || !(ratePerSec > 0) || !Number.isFinite(ratePerSec))
    throw new TypeError(`redisLimiter: ratePerSec must be a finite number > 0, got ${ratePerSec}`);
  if (!Number.isInteger(burst) || burst < 1)
    throw new TypeError(`redisLimiter: burst must be an integer >= 1, got ${burst}`);
  if (typeof prefix !== "string" || prefix === "")
    throw new TypeError("redisLimiter: prefix must be a non-empty string");
  if (onRedisError !== "allow" && onRedisError !== "deny")
    throw new TypeError(
      `redisLimiter: onRedisError must be "allow" or "deny", got ${String(onRedisError)}`,
    );
  if (typeof timeoutMs !== "number" || !(timeoutMs > 0) || !Number.isFinite(timeoutMs))
    throw new TypeError(`redisLimiter: timeoutMs must be a finite number > 0, got ${timeoutMs}`);
  if (typeof logger?.log !== "function")
    throw new TypeError("redisLimiter: logger must have a log(fields) method");

  const rate = String(ratePerSec);
  const cap = String(burst);
  // Long enough to refill from empty, plus a second of slack; then the key may go.
  const ttlMs = String(Math.ceil((burst * 1000) / ratePerSec) + 1000);

  async function run(key: string): Promise<boolean> {
    let reply: unknown;
    try {
      reply = await client.evalsha(scriptSha, 1, key, rate, cap, ttlMs);
    } catch (err) {
      // NOSCRIPT is Redis's error code (the reply's first word), not a message to parse.
      if (!(err instanceof Error) || !err.message.startsWith("NOSCRIPT")) throw err;
      reply = await client.eval(tokenBucketScript, 1, key, rate, cap, ttlMs);
    }
    return reply === 1;
  }

  function fail(key: string, err: unknown): boolean {
    logger.log({
      level: "warn",
      msg: "ratelimit: redis failed",
      key,
      on_redis_error: onRedisError,
      err,
    });
    if (onRedisError === "allow") return true;
    throw new KitError("unavailable", "rate limiter unavailable", { cause: err });
  }

  return {
    async allow(key = "") {
      const redisKey = prefix + key;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<undefined>((resolve) => {
        timer = setTimeout(resolve, timeoutMs, undefined);
      });
      try {
        const allowed = await Promise.race([run(redisKey), timeout]);
        if (allowed === undefined)
          return fail(redisKey, new Error(`redis did not answer within ${timeoutMs} ms`));
        return allowed;
      } catch (err) {
        return fail(redisKey, err);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
