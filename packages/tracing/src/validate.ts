import type { Attributes, Tracer } from "@opentelemetry/api";

/** Checks the arguments every middleware of this package takes; throws a TypeError naming `where`. */
export function checkCommon(
  where: string,
  tracer: Tracer,
  options: { readonly operation?: unknown; readonly attributes?: unknown } | undefined,
): void {
  if (typeof tracer !== "object" || tracer === null || typeof tracer.startSpan !== "function")
    throw new TypeError(`${where}: tracer must be an OpenTelemetry Tracer`);
  if (typeof options !== "object" || options === null)
    throw new TypeError(`${where}: options must be an object with an operation`);
  if (typeof options.operation !== "string" || options.operation === "")
    throw new TypeError(`${where}: operation must be a non-empty string`);
  const { attributes } = options;
  if (attributes !== undefined && (typeof attributes !== "object" || attributes === null))
    throw new TypeError(`${where}: attributes must be an object`);
}

/** A frozen copy of `attributes`, or `undefined` when there are none. */
export function frozenAttributes(attributes: Attributes | undefined): Attributes | undefined {
  if (attributes === undefined || Object.keys(attributes).length === 0) return undefined;
  return Object.freeze({ ...attributes });
}
