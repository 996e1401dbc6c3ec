import type { Instancer, Registrar } from "@kit/endpoint/sd";
import { watchAll } from "./watch.js";

/** One discovery backend, started for the benchmark. */
export interface Backend {
  /** The name printed in the table. */
  readonly name: string;
  /** A new instancer of the benchmark's service. */
  instancer(): Instancer;
  /** A new registrar of `instance` under the benchmark's service. */
  registrar(id: string, instance: string): Registrar;
  /** Stops the backend. */
  close(): Promise<void>;
  /**
   * A random pause of up to this many ms before each change, for a polling backend: otherwise
   * each change would start right after the poll that saw the last one, always at the same
   * phase of the poll cycle. Default: none.
   */
  readonly jitterMs?: number;
}

/** Latencies of one backend, in ms, one entry per iteration. */
export interface Propagation {
  readonly backend: string;
  /** `register()` called -> every instancer lists the instance. */
  readonly appear: number[];
  /** How long `register()` itself took (part of `appear`). */
  readonly registerCall: number[];
  /** `deregister()` called -> no instancer lists it any more. */
  readonly disappear: number[];
  /** How long `deregister()` itself took (part of `disappear`). */
  readonly deregisterCall: number[];
  /** Error events the instancers emitted during the run (expected: 0). */
  readonly errors: number;
}

/** How a run is shaped. */
export interface PropagationOptions {
  /** Instancers subscribed at once. */
  readonly subscribers: number;
  /** Measured register/deregister cycles. */
  readonly iterations: number;
  /** Cycles run first and not recorded. */
  readonly warmup: number;
}

/**
 * Registers and deregisters a fresh instance `warmup + iterations` times while `subscribers`
 * instancers watch, timing each change until every instancer has seen it.
 */
export async function measurePropagation(
  backend: Backend,
  { subscribers, iterations, warmup }: PropagationOptions,
): Promise<Propagation> {
  const instancers = Array.from({ length: subscribers }, () => backend.instancer());
  const watch = watchAll(instancers);
  const result: Propagation = {
    backend: backend.name,
    appear: [],
    registerCall: [],
    disappear: [],
    deregisterCall: [],
    errors: 0,
  };
  try {
    await watch.until(() => true); // every instancer has made its first report
    for (let i = 0; i < warmup + iterations; i++) {
      const instance = `127.0.0.1:${20_000 + i}`;
      const registrar = backend.registrar(`bench-${i}`, instance);

      await pause(backend.jitterMs);
      const appeared = watch.until((xs) => xs.includes(instance));
      const t0 = performance.now();
      await registrar.register();
      const t1 = performance.now();
      const seen = await appeared;

      await pause(backend.jitterMs);
      const vanished = watch.until((xs) => !xs.includes(instance));
      const t2 = performance.now();
      await registrar.deregister();
      const t3 = performance.now();
      const gone = await vanished;

      if (i < warmup) continue;
      result.appear.push(seen - t0);
      result.registerCall.push(t1 - t0);
      result.disappear.push(gone - t2);
      result.deregisterCall.push(t3 - t2);
    }
  } finally {
    watch.stop();
  }
  return { ...result, errors: watch.errors };
}

function pause(maxMs: number | undefined): Promise<void> {
  if (!maxMs) return Promise.resolve();
  return new Promise((resolve) => setTimeout(resolve, Math.random() * maxMs));
}
