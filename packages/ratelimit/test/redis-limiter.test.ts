import { once } from "node:events";
import type { Endpoint } from "@kit/endpoint";
import { background, isKitError } from "@kit/endpoint";
import { Redis, type RedisOptions } from "ioredis";
import { erroringLimiter } from "../src/erroring-limiter.js";
import { redisLimiter, tokenBucketScript } from "../src/redis-limiter.js";
import { type RedisServer, startRedis } from "./support/redis.js";

const sum: Endpoint<{ a: number; b: number }, { v: number }> = async (_ctx, { a, b }) => ({
  v: a + b,
});

/** A slow refill, so a spent budget stays spent for the length of a test. */
const slow = { ratePerSec: 0.001, burst: 3 };

let prefixes = 0;
/** A prefix of its own per test, so tests sharing a server never share a budget. */
const freshPrefix = () => `test:${++prefixes}:`;

describe("redisLimiter", () => {
  let server: RedisServer;
  const clients: Redis[] = [];

  function connect(options: RedisOptions = {}): Redis {
    const client = new Redis({ host: "127.0.0.1", port: server.port, ...options });
    client.on("error", () => {}); // connection errors are expected while Redis is down
    clients.push(client);
    return client;
  }

  beforeAll(async () => {
    server = await startRedis();
  });
  afterAll(async () => {
    for (const client of clients) client.disconnect();
    await server?.stop();
  });

  describe("with Redis up", () => {
    it("lets two instances with separate clients share one budget", async () => {
      const prefix = freshPrefix();
      const a = redisLimiter({ client: connect(), prefix, ...slow });
      const b = redisLimiter({ client: connect(), prefix, ...slow });
      const answers = [
        await a.allow(),
        await b.allow(),
        await a.allow(),
        await b.allow(),
        await a.allow(),
      ];
      expect(answers).toEqual([true, true, true, false, false]);
    });

    it("rejects with resource_exhausted through erroringLimiter once the shared budget is spent", async () => {
      const prefix = freshPrefix();
      const instanceA = erroringLimiter(redisLimiter({ client: connect(), prefix, ...slow }))(sum);
      const instanceB = erroringLimiter(redisLimiter({ client: connect(), prefix, ...slow }))(sum);
      await instanceA(background(), { a: 1, b: 1 });
      await instanceB(background(), { a: 1, b: 1 });
      await instanceA(background(), { a: 1, b: 1 });
      await expect(instanceB(background(), { a: 1, b: 1 })).rejects.toMatchObject({
        code: "resource_exhausted",
      });
    });

    it("keeps a separate budget per key under one prefix", async () => {
      const limiter = redisLimiter({ client: connect(), prefix: freshPrefix(), ...slow, burst: 1 });
      expect(await limiter.allow("alice")).toBe(true);
      expect(await limiter.allow("alice")).toBe(false);
      expect(await limiter.allow("bob")).toBe(true);
    });

    it("refills ratePerSec tokens per second of Redis's clock, up to burst", async () => {
      // Move the bucket's last update one second into the past instead of waiting a second.
      const client = connect();
      const prefix = freshPrefix();
      const limiter = redisLimiter({ client, prefix, ratePerSec: 2, burst: 3 });
      const rewind = async (seconds: number) => {
        const ts = Number(await client.hget(prefix, "ts"));
        await client.hset(prefix, "ts", String(ts - seconds * 1_000_000));
      };
      for (let i = 0; i < 3; i++) expect(await limiter.allow()).toBe(true);
      expect(await limiter.allow()).toBe(false);
      await rewind(1);
      expect([await limiter.allow(), await limiter.allow(), await limiter.allow()]).toEqual([
        true,
        true,
        false,
      ]);
      await rewind(3600);
      const answers = [];
      for (let i = 0; i < 4; i++) answers.push(await limiter.allow());
      expect(answers).toEqual([true, true, true, false]);
    });

    it("lets a key expire once its bucket would be full again", async () => {
      const client = connect();
      const prefix = freshPrefix();
      await redisLimiter({ client, prefix, ratePerSec: 2, burst: 4 }).allow("carol");
      const ttl = await client.pttl(`${prefix}carol`);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(4 * 500 + 1000);
    });

    it("loads the script with EVAL when Redis has not cached it, then uses EVALSHA", async () => {
      const client = connect();
      await client.script("FLUSH");
      const limiter = redisLimiter({ client, prefix: freshPrefix(), ...slow });
      expect(await limiter.allow()).toBe(true);
      const { createHash } = await import("node:crypto");
      const sha = createHash("sha1").update(tokenBucketScript).digest("hex");
      expect(await client.script("EXISTS", sha)).toEqual([1]);
      expect(await limiter.allow()).toBe(true);
    });

    it.each([
      [{ ratePerSec: 0 }, /ratePerSec/],
      [{ burst: 0 }, /burst/],
      [{ prefix: "" }, /prefix/],
      [{ onRedisError: "maybe" }, /onRedisError/],
      [{ timeoutMs: 0 }, /timeoutMs/],
      [{ client: {} }, /client/],
    ])("rejects invalid options %o with a TypeError", (override, message) => {
      const options = {
        client: connect({ lazyConnect: true }),
        prefix: "p:",
        ...slow,
        ...override,
      };
      expect(() => redisLimiter(options as Parameters<typeof redisLimiter>[0])).toThrow(TypeError);
      expect(() => redisLimiter(options as Parameters<typeof redisLimiter>[0])).toThrow(message);
    });
  });

  describe("when Redis is slow", () => {
    afterEach(() => server.resume());

    it("fails open within timeoutMs by default, and logs the failure", async () => {
      const client = connect();
      await client.ping();
      const records: Record<string, unknown>[] = [];
      const limiter = redisLimiter({
        client,
        prefix: freshPrefix(),
        ...slow,
        timeoutMs: 100,
        logger: { log: (fields) => records.push(fields) },
      });
      server.pause();
      await expect(limiter.allow()).resolves.toBe(true);
      expect(records).toEqual([
        expect.objectContaining({ level: "warn", on_redis_error: "allow" }),
      ]);
    }, 5_000);

    it("fails closed with unavailable within timeoutMs when onRedisError is deny", async () => {
      const client = connect();
      await client.ping();
      const limiter = redisLimiter({
        client,
        prefix: freshPrefix(),
        ...slow,
        timeoutMs: 100,
        onRedisError: "deny",
      });
      server.pause();
      const err = await limiter.allow().catch((e: unknown) => e);
      expect(isKitError(err)).toBe(true);
      expect(err).toMatchObject({ code: "unavailable", message: "rate limiter unavailable" });
      expect((err as Error).cause).toBeInstanceOf(Error);
    }, 5_000);
  });

  describe("when Redis is down", () => {
    it("fails open or closed as configured, without hanging, and works again once Redis is back", async () => {
      const queueing = connect(); // default client: queues commands while disconnected
      const failFast = connect({ enableOfflineQueue: false });
      await Promise.all([queueing.ping(), once(failFast, "ready")]);
      const prefix = freshPrefix();
      const open = redisLimiter({ client: queueing, prefix, ...slow, timeoutMs: 100 });
      const closed = redisLimiter({
        client: failFast,
        prefix,
        ...slow,
        timeoutMs: 100,
        onRedisError: "deny",
      });

      const closing = once(failFast, "close");
      await server.kill();
      await closing;
      await expect(open.allow()).resolves.toBe(true);
      const err = await closed.allow().catch((e: unknown) => e);
      expect(err).toMatchObject({ code: "unavailable" });
      expect(isKitError(err) && err.cause).toBeInstanceOf(Error);

      await server.restart();
      await Promise.all([once(queueing, "ready"), once(failFast, "ready")]);
      // A fresh Redis has no cached script: the limiters load it and share a budget again. (A
      // new key: the queueing client replays its timed-out command on reconnect, spending a
      // token of the old one.)
      expect(await closed.allow("after")).toBe(true);
      expect(await open.allow("after")).toBe(true);
      expect(await closed.allow("after")).toBe(true);
      expect(await open.allow("after")).toBe(false);
      expect(await closed.allow("after")).toBe(false);
    }, 15_000);
  });
});
