import type { Context, Endpoint } from "@kit/endpoint";
import { contextError, failure, KitError } from "@kit/endpoint";
import type { CircuitBreakerPolicy, IBreaker } from "cockatiel";
import {
  CircuitState,
  ConsecutiveBreaker,
  circuitBreaker as cockatielCircuitBreaker,
  handleWhen,
  isBrokenCircuitError,
  isIsolatedCircuitError,
  SamplingBreaker,
} from "cockatiel";
import type { IsFailure } from "./failure.js";
import { defaultIsFailure } from "./failure.js";

/**
 * A breaker's state. `closed`: calls go through. `open`: calls fail fast with `unavailable`.
 * `half_open`: one probe call is in flight; its outcome closes or re-opens the breaker.
 */
export type BreakerState = "closed" | "open" | "half_open";

/** Options every form of {@link circuitBreaker} takes. */
export interface BreakerObserverOptions {
  /**
   * Called on every state change, with the new state, so you can log it or count it without this
   * package depending on a logger or a metrics library. Must not throw. Default: none.
   */
  onStateChange?: (state: BreakerState) => void;
}

/** Options of the breakers this package builds: what counts as a failure, and the break. */
export interface BuiltBreakerOptions extends BreakerObserverOptions {
  /**
   * How long the breaker stays open, in milliseconds. The first call after this lets one probe
   * through (the breaker is half-open only once a call arrives). Default: 60 000 (gobreaker's
   * `Timeout`).
   */
  halfOpenAfterMs?: number;
  /**
   * Whether a rejection counts as a failure. Default: {@link defaultIsFailure} (everything but
   * caller and request errors such as `canceled` and `invalid_argument`). A rejection after the
   * caller cancelled `ctx` never counts, whatever this says.
   */
  isFailure?: IsFailure;
  /**
   * Whether a response that is a `Failer` carrying a business error counts as a failure.
   * Default: `false`: the dependency answered, so it is healthy.
   */
  failOnFailer?: boolean;
}

/**
 * A breaker that opens on the `threshold`-th consecutive failure (go-kit's gobreaker default:
 * `ConsecutiveFailures > 5` is `threshold: 6`). Any success resets the count.
 */
export interface ConsecutiveBreakerOptions extends BuiltBreakerOptions {
  /** Selects the consecutive-failures breaker. */
  breaker: "consecutive";
  /** The consecutive failure that opens the breaker: an integer >= 1. Required. */
  threshold: number;
}

/**
 * A breaker that opens when the share of failed calls over a sliding window exceeds
 * `threshold`, once there is enough traffic (hystrix's error percentage, on cockatiel's
 * `SamplingBreaker`).
 */
export interface SamplingBreakerOptions extends BuiltBreakerOptions {
  /** Selects the sampling breaker. */
  breaker: "sampling";
  /** The failure ratio above which the breaker opens, strictly between 0 and 1. Required. */
  threshold: number;
  /** The length of the sliding window, in milliseconds. Required. */
  durationMs: number;
  /**
   * The rate of calls per second (over `durationMs`) below which the breaker never opens.
   * Default: cockatiel's, enough calls for 5 failures per second at the threshold
   * (`5 / threshold`).
   */
  minimumRps?: number;
}

/**
 * Adapts a ready cockatiel `CircuitBreakerPolicy`. The policy's own handler decides what counts
 * (`handleAll` counts every rejection; use `handleWhen(defaultIsFailure)` for this package's
 * default), so `isFailure` and `failOnFailer` do not apply.
 */
export interface PolicyBreakerOptions extends BreakerObserverOptions {
  /** The policy, made with cockatiel's `circuitBreaker(handler, { breaker, halfOpenAfter })`. */
  policy: CircuitBreakerPolicy;
  /** Not with `policy`. */
  breaker?: never;
  /** Not with `policy`: the policy's handler decides. */
  isFailure?: never;
  /** Not with `policy`: use the policy's `orWhenResult`. */
  failOnFailer?: never;
}

/** What {@link circuitBreaker} takes: a breaker to build, or a cockatiel policy to adapt. */
export type CircuitBreakerOptions =
  | ConsecutiveBreakerOptions
  | SamplingBreakerOptions
  | PolicyBreakerOptions;

/**
 * The middleware {@link circuitBreaker} returns: wrap any number of endpoints with it (they share
 * one breaker), read its state, stop its state reports.
 */
export interface CircuitBreakerMiddleware {
  /** Wraps `next`: the returned endpoint calls it through the breaker. */
  <Req, Res>(next: Endpoint<Req, Res>): Endpoint<Req, Res>;
  /**
   * The current state. An open breaker whose break has elapsed still reads `open` until the next
   * call turns it `half_open`.
   */
  state(): BreakerState;
  /** The cockatiel policy behind it, for `isolate()`, `toJSON()` and its events. */
  readonly policy: CircuitBreakerPolicy;
  /** Stops calling `onStateChange`. The breaker keeps working. */
  dispose(): void;
}

/** A rejection that must not count: carried through cockatiel (whose handler ignores it). */
class Uncounted {
  constructor(readonly error: unknown) {}
}

const defaultHalfOpenAfterMs = 60_000;

/**
 * Guards endpoints with a circuit breaker (go-kit's `circuitbreaker.Gobreaker` /
 * `Hystrix`, on cockatiel): after enough failures it opens and fails every call fast with
 * `KitError("unavailable", "circuit breaker is open")`, whose `cause` is the failure that opened
 * it, without calling the endpoint; transports answer 503 / UNAVAILABLE. After
 * `halfOpenAfterMs` the next call is a probe: success closes the breaker, failure re-opens it.
 * Calls arriving while the probe is in flight fail fast with `unavailable` too (gobreaker's
 * `MaxRequests: 1`).
 *
 * What counts: rejections for which `isFailure` says yes (by default all but caller and request
 * errors, see {@link defaultIsFailure}; `deadline_exceeded` counts); never a rejection after the
 * caller cancelled `ctx`; a `Failer` response only with `failOnFailer: true`. Uncounted
 * rejections pass through unchanged and neither break nor reset the count; a probe that ends in
 * one closes the breaker (the dependency answered). `ctx.signal` goes to `policy.execute`.
 *
 * Throws a `TypeError` at construction for invalid options.
 *
 * @example
 * const breaker = circuitBreaker({ breaker: "consecutive", threshold: 6, halfOpenAfterMs: 30_000,
 *   onStateChange: (state) => logger.log({ breaker: "sum", state }) });
 * const sum = chain(limiter, breaker, timeout(1_000))(remoteSum);
 */
export function circuitBreaker(options: CircuitBreakerOptions): CircuitBreakerMiddleware {
  if (typeof options !== "object" || options === null)
    throw new TypeError("circuitBreaker: options must be an object");
  const { onStateChange } = options;
  if (onStateChange !== undefined && typeof onStateChange !== "function")
    throw new TypeError("circuitBreaker: onStateChange must be a function");

  let policy: CircuitBreakerPolicy;
  let call: Call;
  if (hasPolicy(options)) {
    policy = adopt(options);
    call = plainCall;
  } else {
    policy = build(options);
    call = countingCall(options.isFailure ?? defaultIsFailure);
  }

  const subscription =
    onStateChange === undefined
      ? undefined
      : policy.onStateChange((s: CircuitState) => onStateChange(stateName(s)));

  // A policy built here waits a constant time before half-opening, so while it is closed it
  // never reads the signal: reading ctx.signal would create the context's AbortController on
  // every call for nothing.
  const built = !hasPolicy(options);
  const fail = (err: unknown): never => {
    if (err instanceof Uncounted) throw err.error;
    if (isBrokenCircuitError(err))
      throw new KitError("unavailable", "circuit breaker is open", {
        cause: isIsolatedCircuitError(err) ? err : (lastFailure(policy) ?? err),
      });
    throw err;
  };

  // Not async functions: one promise reaction per call instead of an async frame.
  const middleware =
    <Req, Res>(next: Endpoint<Req, Res>): Endpoint<Req, Res> =>
    (ctx, request) => {
      const state = policy.state;
      if (state === CircuitState.HalfOpen)
        return Promise.reject(
          new KitError("unavailable", "circuit breaker is half-open", {
            cause: lastFailure(policy),
          }),
        );
      const signal = built && state === CircuitState.Closed ? undefined : ctx.signal;
      return policy.execute(() => call(next, ctx, request), signal).then(undefined, fail);
    };

  return Object.assign(middleware, {
    state: (): BreakerState => stateName(policy.state),
    policy,
    dispose: (): void => subscription?.dispose(),
  });
}

type Call = <Req, Res>(next: Endpoint<Req, Res>, ctx: Context, request: Req) => Promise<Res>;

const plainCall: Call = (next, ctx, request) => next(ctx, request);

function countingCall(isFailure: IsFailure): Call {
  const classify = (ctx: Context, err: unknown): unknown =>
    callerCanceled(ctx) || !isFailure(err) ? new Uncounted(err) : err;
  return (next, ctx, request) => {
    let pending: ReturnType<typeof next>;
    try {
      pending = next(ctx, request);
    } catch (err) {
      pending = Promise.reject(err);
    }
    return pending.then(undefined, (err: unknown) => {
      throw classify(ctx, err);
    });
  };
}

/** Whether the caller cancelled `ctx` (a passed deadline is not a cancellation). */
function callerCanceled(ctx: Context): boolean {
  return contextError(ctx)?.code === "canceled";
}

function hasPolicy(options: CircuitBreakerOptions): options is PolicyBreakerOptions {
  return "policy" in options && options.policy !== undefined;
}

function adopt(options: PolicyBreakerOptions): CircuitBreakerPolicy {
  const { policy } = options;
  if (
    typeof policy !== "object" ||
    policy === null ||
    typeof policy.execute !== "function" ||
    typeof policy.onStateChange !== "function"
  )
    throw new TypeError("circuitBreaker: policy must be a cockatiel CircuitBreakerPolicy");
  for (const key of ["breaker", "isFailure", "failOnFailer"] as const)
    if ((options as unknown as Record<string, unknown>)[key] !== undefined)
      throw new TypeError(
        `circuitBreaker: ${key} cannot be combined with policy (the policy's handler decides)`,
      );
  return policy;
}

function build(options: ConsecutiveBreakerOptions | SamplingBreakerOptions): CircuitBreakerPolicy {
  const { halfOpenAfterMs = defaultHalfOpenAfterMs, isFailure, failOnFailer = false } = options;
  if (!Number.isFinite(halfOpenAfterMs) || halfOpenAfterMs < 0)
    throw new TypeError(
      `circuitBreaker: halfOpenAfterMs must be a finite number >= 0, got ${halfOpenAfterMs}`,
    );
  if (isFailure !== undefined && typeof isFailure !== "function")
    throw new TypeError("circuitBreaker: isFailure must be a function");
  if (typeof failOnFailer !== "boolean")
    throw new TypeError(`circuitBreaker: failOnFailer must be a boolean, got ${failOnFailer}`);

  const handler = handleWhen((err) => !(err instanceof Uncounted));
  return cockatielCircuitBreaker(
    failOnFailer ? handler.orWhenResult((res) => failure(res) !== undefined) : handler,
    { breaker: makeBreaker(options), halfOpenAfter: halfOpenAfterMs },
  );
}

function makeBreaker(options: ConsecutiveBreakerOptions | SamplingBreakerOptions): IBreaker {
  const kind: unknown = options.breaker;
  if (kind === "consecutive") {
    const { threshold } = options;
    if (!Number.isInteger(threshold) || threshold < 1)
      throw new TypeError(
        `circuitBreaker: threshold must be an integer >= 1 for a consecutive breaker, got ${threshold}`,
      );
    return new ConsecutiveBreaker(threshold);
  }
  if (kind === "sampling") {
    const { threshold, durationMs, minimumRps } = options as SamplingBreakerOptions;
    if (typeof threshold !== "number" || !(threshold > 0 && threshold < 1))
      throw new TypeError(
        `circuitBreaker: threshold must be a ratio strictly between 0 and 1 for a sampling breaker, got ${threshold}`,
      );
    if (!Number.isFinite(durationMs) || durationMs <= 0)
      throw new TypeError(
        `circuitBreaker: durationMs must be a finite number > 0, got ${durationMs}`,
      );
    if (minimumRps !== undefined && (!Number.isFinite(minimumRps) || minimumRps <= 0))
      throw new TypeError(
        `circuitBreaker: minimumRps must be a finite number > 0, got ${minimumRps}`,
      );
    return new SamplingBreaker({ threshold, duration: durationMs, minimumRps });
  }
  throw new TypeError(
    `circuitBreaker: breaker must be "consecutive" or "sampling" (or pass policy), got ${String(kind)}`,
  );
}

/** The error (or a `Failer`'s business error) that last counted against the breaker. */
function lastFailure(policy: CircuitBreakerPolicy): unknown {
  const reason = policy.lastFailure;
  if (reason === undefined) return undefined;
  return "error" in reason ? reason.error : (failure(reason.value) ?? reason.value);
}

function stateName(state: CircuitState): BreakerState {
  switch (state) {
    case CircuitState.Closed:
      return "closed";
    case CircuitState.HalfOpen:
      return "half_open";
    default:
      return "open"; // Open, and Isolated (held open by policy.isolate())
  }
}
