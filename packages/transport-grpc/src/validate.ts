/** Throws a TypeError naming `where` and `name` unless `value` is a function. */
export function requireFunction(where: string, name: string, value: unknown): void {
  if (typeof value !== "function")
    throw new TypeError(`${where}: ${name} must be a function, got ${typeof value}`);
}

/** Throws a TypeError naming `where` and `name` unless `value` is an array of functions. */
export function requireFunctions(where: string, name: string, value: unknown): void {
  if (!Array.isArray(value) || !value.every((f) => typeof f === "function"))
    throw new TypeError(`${where}: ${name} must be an array of functions`);
}
