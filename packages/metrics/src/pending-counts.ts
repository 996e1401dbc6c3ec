import type * as PromClient from "prom-client";

/** The prom-client counter a {@link pendingCounts} feeds: its own methods, as it defines them. */
export type PromCounter = PromClient.Counter.Internal & {
  labels(values: Record<string, string>): PromClient.Counter.Internal;
  reset(): void;
  remove(...args: never[]): void;
};

/** One label set's share of a counter: whole increments wait here until the next read. */
export interface CountCell {
  /** Adds `delta` (already checked to be >= 0) to the series of this label set. */
  add(delta: number): void;
}

interface Cell extends CountCell {
  /** The prom-client child of this label set. */
  readonly child: PromClient.Counter.Internal;
  /** Whole increments not yet handed to prom-client. */
  pending: number;
  /** Whether the cell waits in the flush list. */
  dirty: boolean;
  /** The exact integer total so far, or `NaN` once a fractional delta made it inexact. */
  total: number;
}

/**
 * Defers a prom-client counter's whole-number increments: prom-client validates and hashes the
 * label set on every `inc`, so a hot path adds to a plain number instead, and the sum reaches
 * prom-client when the metric is read (its `collect` hook), reset or has a series removed. Sums
 * of integers are exact, so every value read is the one immediate increments would give, and
 * series appear in the order of their first increment. A series whose total is or would become
 * fractional or larger than `Number.MAX_SAFE_INTEGER` is incremented immediately, after every
 * pending sum, so rounding happens in the same order as before.
 *
 * Returns the hook to pass as the counter's `collect` and a factory of one cell per label set,
 * keyed by the label values in declared order (cells are kept, one per series, as prom-client
 * keeps its series).
 */
export function pendingCounts(): {
  collect: () => void;
  attach: (metric: PromCounter) => void;
  cell: (values: Record<string, string> | undefined) => CountCell;
} {
  let metric: PromCounter | undefined;
  const cells = new Map<string, Cell>();
  const dirty: Cell[] = [];

  const flush = (): void => {
    for (let i = 0; i < dirty.length; i++) {
      const c = dirty[i] as Cell;
      const n = c.pending;
      c.pending = 0;
      c.dirty = false;
      c.child.inc(n);
    }
    dirty.length = 0;
  };

  const attach = (m: PromCounter): void => {
    metric = m;
    const reset = m.reset.bind(m);
    const remove = m.remove.bind(m);
    m.reset = () => {
      flush();
      reset();
    };
    m.remove = (...args: never[]) => {
      flush();
      remove(...args);
    };
  };

  const cell = (values: Record<string, string> | undefined): CountCell => {
    if (metric === undefined) throw new Error("pendingCounts: no metric attached");
    const key = values === undefined ? "" : JSON.stringify(Object.values(values));
    let c = cells.get(key);
    if (c === undefined) {
      const child = values === undefined ? metric : metric.labels(values);
      const made: Cell = {
        child,
        pending: 0,
        dirty: false,
        total: 0,
        add(delta) {
          const total = made.total + delta;
          if (Number.isInteger(delta) && total <= Number.MAX_SAFE_INTEGER) {
            made.total = total;
            made.pending += delta;
            if (!made.dirty) {
              made.dirty = true;
              dirty.push(made);
            }
            return;
          }
          made.total = Number.NaN;
          flush();
          child.inc(delta);
        },
      };
      c = made;
      cells.set(key, c);
    }
    return c;
  };

  return { collect: flush, attach, cell };
}
