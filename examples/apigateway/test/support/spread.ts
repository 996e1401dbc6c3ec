import { eventually, load } from "./http.js";
import type { Instance } from "./instances.js";
import { reset } from "./instances.js";

const names = (instances: readonly Instance[]) => instances.map((i) => i.name).join(", ");

/**
 * Sends sums through the gateway at `address`, two per instance at a time, `concurrency` in
 * flight, until every one of `serving` has served at least one: discovery has found them all.
 */
export function untilServing(
  address: string,
  serving: readonly Instance[],
  concurrency = 1,
): Promise<void> {
  return eventually(`${names(serving)} serve`, async () => {
    await load(address, 2 * serving.length, concurrency);
    return serving.every((i) => i.served > 0);
  });
}

/** Options for {@link expectEvenSpread}. */
export interface SpreadOptions {
  /** Instances that must serve none of the sums. Default none. */
  readonly idle?: readonly Instance[];
  /** Sums in flight at once. Default 1. */
  readonly concurrency?: number;
}

/**
 * Sends 10 sums per instance of `serving` through the gateway at `address` and expects none to
 * fail and each of `serving` to have served exactly 10 of them (each of `idle` none).
 */
export async function expectEvenSpread(
  address: string,
  serving: readonly Instance[],
  options: SpreadOptions = {},
): Promise<void> {
  const { idle = [], concurrency = 1 } = options;
  const all = [...serving, ...idle];
  reset(all);
  expect(await load(address, 10 * serving.length, concurrency)).toEqual([]);
  expect(all.map((i) => i.served)).toEqual([...serving.map(() => 10), ...idle.map(() => 0)]);
}

/**
 * Waits until the gateway at `address` spreads sums evenly over `serving` alone: of `perInstance`
 * sums per serving instance, sent one at a time, none fails, each of `serving` serves
 * `perInstance` and each of `gone` none.
 */
export function untilOnly(
  address: string,
  serving: readonly Instance[],
  gone: readonly Instance[],
  perInstance = 2,
): Promise<void> {
  const all = [...serving, ...gone];
  return eventually(`${names(serving)} serve, ${names(gone)} no more`, async () => {
    reset(all);
    expect(await load(address, perInstance * serving.length, 1)).toEqual([]);
    return gone.every((i) => i.served === 0) && serving.every((i) => i.served === perInstance);
  });
}
