import type { Counter, Gauge, Histogram } from "./metrics.js";

const nop = (): void => {};

const counter: Counter = Object.freeze({ with: () => counter, add: nop });
const gauge: Gauge = Object.freeze({ with: () => gauge, set: nop, add: nop });
const histogram: Histogram = Object.freeze({ with: () => histogram, observe: nop });

/**
 * A {@link Counter} that records nothing (go-kit's `discard.NewCounter`): the default when a
 * component takes an optional counter. `with` returns the same shared instance.
 *
 * @example
 * const mw = instrumentingMiddleware(
 *   { requestCount: discardCounter(), requestLatency: latency },
 *   { method: "sum" },
 * );
 */
export function discardCounter(): Counter {
  return counter;
}

/**
 * A {@link Gauge} that records nothing (go-kit's `discard.NewGauge`).
 *
 * @example
 * const inFlight = options.inFlight ?? discardGauge();
 */
export function discardGauge(): Gauge {
  return gauge;
}

/**
 * A {@link Histogram} that records nothing (go-kit's `discard.NewHistogram`).
 *
 * @example
 * const latency = options.latency ?? discardHistogram();
 */
export function discardHistogram(): Histogram {
  return histogram;
}
