/** Exponential backoff with full jitter, for reconnects and retries. Internal. */
export interface Backoff {
  /** The next delay in ms: a random value in [min/2, d] where d doubles from `minMs` up to `maxMs`. */
  next(): number;
  /** Starts over from `minMs`, after a success. */
  reset(): void;
}

/**
 * Creates a {@link Backoff} from `minMs` doubling up to `maxMs`, each delay jittered down to half
 * of its nominal value so that many clients do not retry in step. Throws a TypeError unless
 * `0 < minMs <= maxMs`.
 *
 * @example
 * const backoff = createBackoff(100, 5_000);
 * setTimeout(retry, backoff.next());
 */
export function createBackoff(minMs: number, maxMs: number, random = Math.random): Backoff {
  if (!(Number.isFinite(minMs) && minMs > 0)) {
    throw new TypeError(`backoff: minimum delay must be a finite number > 0, got ${minMs}`);
  }
  if (!(Number.isFinite(maxMs) && maxMs >= minMs)) {
    throw new TypeError(`backoff: maximum delay must be a finite number >= ${minMs}, got ${maxMs}`);
  }
  let attempt = 0;
  return {
    next() {
      const nominal = Math.min(maxMs, minMs * 2 ** attempt);
      if (nominal < maxMs) attempt++;
      return nominal / 2 + random() * (nominal / 2);
    },
    reset() {
      attempt = 0;
    },
  };
}
