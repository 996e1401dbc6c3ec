// Medians and ranges over rounds.

/** The median of a non-empty list. */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) throw new Error("median of nothing");
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** The median, smallest and largest of a non-empty list. */
export interface Spread {
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

/** {@link Spread} of `xs`. */
export function spread(xs: readonly number[]): Spread {
  return { median: median(xs), min: Math.min(...xs), max: Math.max(...xs) };
}

/** Element-wise `a[i] / b[i]`, for per-round ratios. */
export function ratios(a: readonly number[], b: readonly number[]): number[] {
  return a.map((x, i) => x / (b[i] as number));
}
