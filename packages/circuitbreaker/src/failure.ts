import type { Code } from "@kit/endpoint";
import { KitError } from "@kit/endpoint";

/**
 * Decides whether an endpoint's rejection counts against the breaker: `true` counts it as a
 * failure of the dependency, `false` lets it through uncounted.
 *
 * @example
 * const isFailure: IsFailure = (err) => defaultIsFailure(err) && !isMyQuotaError(err);
 */
export type IsFailure = (err: unknown) => boolean;

/**
 * The codes that describe the request or the caller rather than the health of the dependency, so
 * they never trip a breaker by default: a caller that gave up, a bad or unauthorised request, a
 * missing or conflicting resource.
 */
const callerCodes: ReadonlySet<Code> = new Set<Code>([
  "canceled",
  "invalid_argument",
  "not_found",
  "already_exists",
  "permission_denied",
  "unauthenticated",
  "failed_precondition",
  "out_of_range",
]);

/**
 * The default {@link IsFailure}: every rejection counts, except a {@link KitError} (or an
 * `AbortError`, read as `canceled`) whose code blames the caller or the request: `canceled`,
 * `invalid_argument`, `not_found`, `already_exists`, `permission_denied`, `unauthenticated`,
 * `failed_precondition` and `out_of_range`.
 *
 * So `deadline_exceeded`, `unavailable`, `internal`, `unknown`, `resource_exhausted`, `aborted`,
 * `unimplemented`, `data_loss` and any error that is not a KitError (a socket reset, a bug) count.
 * Compose it to ignore more.
 *
 * @example
 * circuitBreaker({ breaker: "consecutive", threshold: 6,
 *   isFailure: (err) => defaultIsFailure(err) && !(isKitError(err) && err.code === "resource_exhausted") });
 */
export function defaultIsFailure(err: unknown): boolean {
  return !callerCodes.has(KitError.from(err).code);
}
