import type { Endpoint } from "../../../src/endpoint.js";

/** Endpoints named by their answer, and an endpointer stub whose set a test can swap. */
export function named(...names: string[]): Endpoint<void, string>[] {
  return names.map((name) => async () => name);
}

export function stubEndpointer<Req, Res>(initial: readonly Endpoint<Req, Res>[]) {
  let current = initial;
  return {
    endpoints: () => current,
    set(next: readonly Endpoint<Req, Res>[]) {
      current = next;
    },
  };
}
