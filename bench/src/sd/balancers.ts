import { background, type Context, type Endpoint } from "@kit/endpoint";
import {
  type Balancer,
  createEndpointer,
  fixedInstancer,
  leastPending,
  random,
  retry,
  roundRobin,
} from "@kit/endpoint/sd";
import { type BatchTask, measureRounds } from "../rounds.js";
import { median } from "./stats.js";

/** Calls per tinybench iteration, so the timer's own cost is spread over them. */
const BATCH = 1000;
/** Instance counts measured. */
export const SIZES = [3, 10, 100] as const;

/** One measured row: a balancer over `size` instances. */
export interface BalancerRow {
  readonly name: string;
  readonly size: number;
  /** ns per `balancer.endpoint()`. */
  readonly pickNs: number;
  /** ns per `await balancer.endpoint()(ctx, req)`. */
  readonly pickCallNs: number;
  /** ns per call of `retry(3, 1000, balancer)` on the happy path. */
  readonly retryNs: number;
  /** ns per direct `await endpoint(ctx, req)`, the floor of the call columns. */
  readonly directNs: number;
}

type Factory = (endpointer: ReturnType<typeof endpointerOf>) => Balancer<number, number>;

const kinds: readonly [string, Factory][] = [
  ["roundRobin", (e) => roundRobin(e)],
  ["random", (e) => random(e)],
  ["leastPending", (e) => leastPending(e)],
];

const ctx: Context = background();
const answer: Endpoint<number, number> = async (_ctx, n) => n;

function endpointerOf(size: number) {
  const instances = Array.from({ length: size }, (_, i) => `10.0.${i >> 8}.${i & 255}:8080`);
  return createEndpointer<number, number>(fixedInstancer(instances), () => ({
    endpoint: answer,
  }));
}

/**
 * Measures each balancer's pick, pick + call, and `retry` around it, over {@link SIZES}
 * instances (fixedInstancer + createEndpointer), `rounds` times in alternating order.
 */
export async function measureBalancers(
  rounds: number,
  timeMs: number,
  warmupMs: number,
): Promise<BalancerRow[]> {
  const tasks: BatchTask[] = [];
  const direct = async () => {
    for (let i = 0; i < BATCH; i++) await answer(ctx, i);
  };
  tasks.push(["direct", direct]);
  for (const size of SIZES) {
    for (const [name, make] of kinds) {
      const balancer = make(endpointerOf(size));
      const retried = retry(3, 1000, make(endpointerOf(size)));
      tasks.push([
        `${name}/${size}/pick`,
        () => {
          for (let i = 0; i < BATCH; i++) balancer.endpoint();
        },
      ]);
      tasks.push([
        `${name}/${size}/call`,
        async () => {
          for (let i = 0; i < BATCH; i++) await balancer.endpoint()(ctx, i);
        },
      ]);
      tasks.push([
        `${name}/${size}/retry`,
        async () => {
          for (let i = 0; i < BATCH; i++) await retried(ctx, i);
        },
      ]);
    }
  }
  const samples = await measureRounds(tasks, {
    rounds,
    timeMs,
    warmupMs,
    batch: BATCH,
    label: "balancers: ",
  });
  const ns = (name: string): number => median(samples.get(name) ?? [Number.NaN]);
  return SIZES.flatMap((size) =>
    kinds.map(([name]) => ({
      name,
      size,
      pickNs: ns(`${name}/${size}/pick`),
      pickCallNs: ns(`${name}/${size}/call`),
      retryNs: ns(`${name}/${size}/retry`),
      directNs: ns("direct"),
    })),
  );
}
