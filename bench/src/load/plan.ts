// How long and how hard: the real run (default) and the smoke run (--quick).

/** The timing and size of a run. */
export interface Plan {
  readonly quick: boolean;
  /** Passes over every row, in the same order each time (A B C ... A B C ...). */
  readonly rounds: number;
  /** Load on each row once before the first round, not counted. */
  readonly initialWarmupMs: number;
  /** Load at the start of every measured run, not counted: re-warms the server after idling. */
  readonly settleMs: number;
  /** Measured load per row per round. */
  readonly durationMs: number;
  /** HTTP connections / gRPC calls in flight, for every row. */
  readonly concurrency: number;
}

/** The plan for `--quick` (about 2 minutes) or the real run (about 13 minutes on 2 cores). */
export function planFor(quick: boolean): Plan {
  return quick
    ? {
        quick,
        rounds: 2,
        initialWarmupMs: 1000,
        settleMs: 500,
        durationMs: 1500,
        concurrency: 16,
      }
    : {
        quick,
        rounds: 5,
        initialWarmupMs: 5000,
        settleMs: 1000,
        durationMs: 8000,
        concurrency: 16,
      };
}
