/** Exponential back-off settings shared by the instancer's retries. */
export interface BackoffOptions {
  /** The first delay, in ms. Default 1 000. */
  initialMs?: number;
  /** The largest delay, in ms. Default 30 000. */
  maxMs?: number;
}

/** A sequence of delays: `next()` grows exponentially, `reset()` starts over. */
export interface Backoff {
  next(): number;
  reset(): void;
}

/**
 * Creates an exponential back-off with "equal jitter": attempt `n` waits a random time in
 * `[d/2, d]` with `d = min(maxMs, initialMs * 2^n)`, so retries spread out but never come
 * sooner than half the nominal delay (which bounds the request rate while a backend is down).
 */
export function createBackoff(
  initialMs: number,
  maxMs: number,
  random: () => number = Math.random,
): Backoff {
  let attempt = 0;
  return {
    next() {
      const d = Math.min(maxMs, initialMs * 2 ** Math.min(attempt, 30));
      attempt++;
      return d / 2 + random() * (d / 2);
    },
    reset() {
      attempt = 0;
    },
  };
}

/** Resolves after `ms`, or at once when `signal` aborts; the timer never outlives either. */
export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });
}
