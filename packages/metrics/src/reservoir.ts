/**
 * Observations kept for quantiles: every value up to `maxSamples`, then a uniform random sample
 * of that size (Vitter's algorithm R). `count` and `sum` are always exact.
 */
export interface Reservoir {
  observe(value: number): void;
  /** The `q`-quantile (0 <= q <= 1) by nearest rank over the kept samples; NaN when empty. */
  quantile(q: number): number;
  readonly count: number;
  readonly sum: number;
}

/** Makes a {@link Reservoir}; `random` returns a number in [0, 1). */
export function createReservoir(maxSamples: number, random: () => number): Reservoir {
  const samples: number[] = [];
  let sorted = true;
  let count = 0;
  let sum = 0;
  return {
    observe(value) {
      count++;
      sum += value;
      if (samples.length < maxSamples) {
        samples.push(value);
        sorted = false;
        return;
      }
      const j = Math.floor(random() * count);
      if (j < maxSamples) {
        samples[j] = value;
        sorted = false;
      }
    },
    quantile(q) {
      if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile must be in [0, 1], got ${q}`);
      const n = samples.length;
      if (n === 0) return Number.NaN;
      if (!sorted) {
        samples.sort((a, b) => a - b);
        sorted = true;
      }
      const rank = Math.max(1, Math.ceil(q * n));
      return samples[rank - 1] as number;
    },
    get count() {
      return count;
    },
    get sum() {
      return sum;
    },
  };
}
