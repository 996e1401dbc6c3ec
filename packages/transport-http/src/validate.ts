/** Throws a TypeError unless `value` is a function. */
export function requireFunction(where: string, name: string, value: unknown): void {
  if (typeof value !== "function")
    throw new TypeError(`${where}: ${name} must be a function, got ${typeof value}`);
}

/** Throws a TypeError unless `value` is an array of functions. */
export function requireFunctions(where: string, name: string, value: unknown): void {
  if (!Array.isArray(value) || !value.every((f) => typeof f === "function"))
    throw new TypeError(`${where}: ${name} must be an array of functions`);
}

/** Throws a TypeError unless `value` is a non-null, non-array object (an options bag). */
export function requireOptions(where: string, value: unknown, name = "options"): void {
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new TypeError(`${where}: ${name} must be an object`);
}

/** Throws a TypeError unless `value` is one of `allowed`. */
export function requireOneOf(
  where: string,
  name: string,
  value: unknown,
  allowed: readonly unknown[],
): void {
  if (!allowed.includes(value))
    throw new TypeError(
      `${where}: ${name} must be one of ${allowed.map((a) => JSON.stringify(a)).join(", ")}, got ${JSON.stringify(value)}`,
    );
}

/** Throws a TypeError unless `value` is a function or absent. */
export function requireOptionalFunction(where: string, name: string, value: unknown): void {
  if (value !== undefined && typeof value !== "function")
    throw new TypeError(`${where}: ${name} must be a function, got ${typeof value}`);
}

/** Throws a TypeError unless `value` is a Standard Schema (has `~standard.validate`) or absent. */
export function requireOptionalSchema(where: string, name: string, value: unknown): void {
  if (value === undefined) return;
  const props = (value as { "~standard"?: { validate?: unknown } } | null)?.["~standard"];
  if (typeof props?.validate !== "function")
    throw new TypeError(`${where}: ${name} must be a Standard Schema (zod, valibot, arktype, ...)`);
}
