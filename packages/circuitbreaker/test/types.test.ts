// Type-level checks: `pnpm typecheck` compiles this file, so each `@ts-expect-error` line must
// really be an error, and the plain lines must compile. At run time it only checks a few values.
import type { Endpoint, GenericMiddleware } from "@kit/endpoint";
import { chain } from "@kit/endpoint";
import {
  ConsecutiveBreaker,
  circuitBreaker as cockatielCircuitBreaker,
  handleAll,
} from "cockatiel";
import CircuitBreaker from "opossum";
import type { CircuitBreakerOptions } from "../src/circuit-breaker.js";
import { circuitBreaker } from "../src/circuit-breaker.js";
import { goKitDefaults } from "../src/go-kit-defaults.js";
import { opossumBreaker } from "../src/opossum-breaker.js";

interface SumReq {
  a: number;
  b: number;
}
interface SumRes {
  v: number;
}
const sum: Endpoint<SumReq, SumRes> = async (_ctx, { a, b }) => ({ v: a + b });
const policy = cockatielCircuitBreaker(handleAll, {
  breaker: new ConsecutiveBreaker(1),
  halfOpenAfter: 1,
});

describe("types", () => {
  it("keep an endpoint's request and response types through both middlewares", () => {
    const breaker = circuitBreaker(goKitDefaults);
    const generic: GenericMiddleware = breaker;
    const guarded: Endpoint<SumReq, SumRes> = breaker(sum);
    const opossum = new CircuitBreaker((call: () => Promise<unknown>) => call(), {});
    const viaOpossum: Endpoint<SumReq, SumRes> = opossumBreaker(opossum)(sum);
    const chained: Endpoint<SumReq, SumRes> = chain<SumReq, SumRes>(
      breaker,
      opossumBreaker(opossum),
    )(sum);
    // @ts-expect-error the response type is kept: SumRes is not a string
    const wrong: Endpoint<SumReq, string> = breaker(sum);
    opossum.shutdown();
    expect(
      [generic, guarded, viaOpossum, chained, wrong].every((f) => typeof f === "function"),
    ).toBe(true);
  });

  it("accept exactly one way to make the breaker", () => {
    const ok: CircuitBreakerOptions[] = [
      { breaker: "consecutive", threshold: 3 },
      { breaker: "sampling", threshold: 0.2, durationMs: 10_000, minimumRps: 5 },
      { policy, onStateChange: () => {} },
      { ...goKitDefaults, failOnFailer: true },
    ];
    // @ts-expect-error a consecutive breaker needs a threshold
    const noThreshold: CircuitBreakerOptions = { breaker: "consecutive" };
    // @ts-expect-error a sampling breaker needs a window
    const noWindow: CircuitBreakerOptions = { breaker: "sampling", threshold: 0.5 };
    // @ts-expect-error the policy's own handler decides what counts
    const policyAndFilter: CircuitBreakerOptions = { policy, isFailure: () => true };
    // @ts-expect-error a sampling option does not fit a consecutive breaker
    const mixed: CircuitBreakerOptions = { breaker: "consecutive", threshold: 3, durationMs: 1 };
    // @ts-expect-error states are a closed set of strings
    circuitBreaker({ ...goKitDefaults, onStateChange: (s: "broken") => s });
    expect([ok, noThreshold, noWindow, policyAndFilter, mixed]).toHaveLength(5);
  });
});
