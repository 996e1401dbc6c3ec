import type { Context, Endpoint, GenericMiddleware } from "@kit/endpoint";
import { contextError, KitError } from "@kit/endpoint";

/** Options for {@link concurrencyLimiter}. */
export interface ConcurrencyLimiterOptions {
  /** The most calls running at once through this middleware (integer >= 1). Required. */
  maxInFlight: number;
  /**
   * The most calls waiting for a slot, served first in, first out (integer >= 0). Default: 0,
   * no queue: a call beyond `maxInFlight` is rejected at once.
   */
  maxQueue?: number;
  /**
   * The longest a call waits in the queue, in milliseconds (> 0), before it is rejected with
   * `resource_exhausted`. Default: no limit other than the context's deadline.
   */
  queueTimeoutMs?: number;
}

/**
 * A {@link concurrencyLimiter} middleware, with its current load for metrics and tests.
 *
 * @example
 * const bulkhead: ConcurrencyLimiter = concurrencyLimiter({ maxInFlight: 4 });
 * setInterval(() => gauge.set(bulkhead.inFlight), 1000);
 */
export interface ConcurrencyLimiter extends GenericMiddleware {
  /** Calls running now. */
  readonly inFlight: number;
  /** Calls waiting in the queue now. */
  readonly queued: number;
}

interface Waiting {
  grant(): void;
}

/**
 * A bulkhead: at most `maxInFlight` calls run at once through the returned middleware (across
 * every endpoint it wraps); up to `maxQueue` more wait in a FIFO queue; anything beyond is
 * rejected at once with `KitError("resource_exhausted", "concurrency limit exceeded")`.
 *
 * A queued call leaves the queue and rejects with the context's error (`canceled` or
 * `deadline_exceeded`) when `ctx.signal` aborts, and with `resource_exhausted` after
 * `queueTimeoutMs`; either way it never runs and frees its place. A call whose context has
 * already ended rejects with its error without running. Throws a `TypeError` for invalid options.
 *
 * @example
 * const bulkhead = concurrencyLimiter({ maxInFlight: 8, maxQueue: 32, queueTimeoutMs: 200 });
 * const guarded = bulkhead(callDatabase);
 */
export function concurrencyLimiter(options: ConcurrencyLimiterOptions): ConcurrencyLimiter {
  const { maxInFlight, maxQueue = 0, queueTimeoutMs } = options ?? {};
  if (!Number.isInteger(maxInFlight) || maxInFlight < 1)
    throw new TypeError(
      `concurrencyLimiter: maxInFlight must be an integer >= 1, got ${maxInFlight}`,
    );
  if (!Number.isInteger(maxQueue) || maxQueue < 0)
    throw new TypeError(`concurrencyLimiter: maxQueue must be an integer >= 0, got ${maxQueue}`);
  if (
    queueTimeoutMs !== undefined &&
    (typeof queueTimeoutMs !== "number" ||
      !(queueTimeoutMs > 0) ||
      !Number.isFinite(queueTimeoutMs))
  )
    throw new TypeError(
      `concurrencyLimiter: queueTimeoutMs must be a finite number > 0, got ${queueTimeoutMs}`,
    );

  let inFlight = 0;
  // A Set keeps insertion order (FIFO) and deletes a waiter that leaves from anywhere in O(1).
  const queue = new Set<Waiting>();

  function release(): void {
    const first = queue.values().next();
    if (first.done) {
      inFlight--;
      return;
    }
    // Hand the slot over: inFlight stays the same.
    queue.delete(first.value);
    first.value.grant();
  }

  function enqueue(ctx: Context): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const signal = ctx.signal;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const waiting: Waiting = {
        grant() {
          if (timer !== undefined) clearTimeout(timer);
          signal.removeEventListener("abort", onAbort);
          resolve();
        },
      };
      const leave = (err: KitError) => {
        queue.delete(waiting);
        if (timer !== undefined) clearTimeout(timer);
        signal.removeEventListener("abort", onAbort);
        reject(err);
      };
      const onAbort = () => leave(contextError(ctx) as KitError);
      if (queueTimeoutMs !== undefined)
        timer = setTimeout(
          () =>
            leave(new KitError("resource_exhausted", "concurrency limit: queue wait timed out")),
          queueTimeoutMs,
        );
      signal.addEventListener("abort", onAbort, { once: true });
      queue.add(waiting);
    });
  }

  const middleware = (<Req, Res>(next: Endpoint<Req, Res>): Endpoint<Req, Res> =>
    async (ctx, request) => {
      // contextError, not ctx.signal.aborted: reading the signal creates a kit context's
      // AbortController, which the happy path never needs.
      const ended = contextError(ctx);
      if (ended !== undefined) throw ended;
      if (inFlight < maxInFlight) inFlight++;
      else if (queue.size < maxQueue) await enqueue(ctx);
      else throw new KitError("resource_exhausted", "concurrency limit exceeded");
      try {
        return await next(ctx, request);
      } finally {
        release();
      }
    }) as ConcurrencyLimiter;

  Object.defineProperties(middleware, {
    inFlight: { get: () => inFlight, enumerable: true },
    queued: { get: () => queue.size, enumerable: true },
  });
  return middleware;
}
