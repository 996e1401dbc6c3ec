import { Bench } from "tinybench";

/** A named benchmark task; one call of `fn` runs a batch of the operations measured. */
export type BatchTask = readonly [name: string, fn: () => unknown];

/** How {@link measureRounds} runs its tasks. */
export interface RoundsOptions {
  /** Passes over the whole list of tasks. */
  readonly rounds: number;
  /** Measured time per task per round, in ms. */
  readonly timeMs: number;
  /** Warm-up time per task per round, in ms. */
  readonly warmupMs: number;
  /** Operations per call of a task's `fn`. */
  readonly batch: number;
  /** Printed before `round n/m done` on stderr. Default none. */
  readonly label?: string;
}

/**
 * Runs `tasks` in tinybench `rounds` times, in alternating order (forward, backward, ...), so
 * slow drift on a busy machine hits every task alike. Resolves with each task's mean ns per
 * operation, one sample per round; rejects if a task does not complete.
 */
export async function measureRounds(
  tasks: readonly BatchTask[],
  options: RoundsOptions,
): Promise<Map<string, number[]>> {
  const { rounds, timeMs, warmupMs, batch, label = "" } = options;
  const samples = new Map<string, number[]>();
  for (let r = 0; r < rounds; r++) {
    const bench = new Bench({ time: timeMs, warmupTime: warmupMs, throws: true });
    const order = r % 2 === 1 ? [...tasks].reverse() : tasks;
    for (const [name, fn] of order) bench.add(name, fn);
    await bench.run();
    for (const task of bench.tasks) {
      const result = task.result;
      if (result.state !== "completed")
        throw new Error(`bench: task ${task.name} ended ${result.state}`);
      const list = samples.get(task.name) ?? [];
      list.push((result.latency.mean * 1e6) / batch);
      samples.set(task.name, list);
    }
    process.stderr.write(`${label}round ${r + 1}/${rounds} done\n`);
  }
  return samples;
}
