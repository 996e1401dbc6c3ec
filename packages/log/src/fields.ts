import type { Logger } from "@kit/endpoint";
import { isValuer } from "./valuer.js";

/**
 * One record's fields, as every {@link Logger} takes them.
 *
 * @example
 * const fields: Fields = { method: "sum", took_ms: 0.4 };
 */
export type Fields = Record<string, unknown>;

/** Where {@link withFields} (`"after"`) or {@link withPrefix} (`"before"`) puts new fields. */
export type BindPosition = "before" | "after";

/**
 * The internal hook a logger implements to bind fields itself (writers pre-render them once,
 * filters push them down). Returns `undefined` to let the generic wrapper do it.
 */
export const bindFields: unique symbol = Symbol("@kit/log.bindFields") as never;

/** A logger that knows how to bind fields itself. */
export interface Bindable extends Logger {
  [bindFields](fields: Fields, position: BindPosition): Logger | undefined;
}

/** Tells whether `logger` implements the internal binding hook. */
export function isBindable(logger: Logger): logger is Bindable {
  return typeof (logger as Partial<Bindable>)[bindFields] === "function";
}

/**
 * Combines bound fields with new ones: a key already present keeps its position and takes the
 * later value, as `Object.assign` does; so `before` fields lose to existing ones and `after`
 * fields win.
 */
export function combine(bound: Fields, fields: Fields, position: BindPosition): Fields {
  return position === "after" ? { ...bound, ...fields } : { ...fields, ...bound };
}

/** A copy of `fields` with every {@link Valuer} replaced by its value for this record. */
export function evaluate(fields: Fields): Fields {
  const out: Fields = {};
  for (const key in fields) {
    const v = fields[key];
    out[key] = isValuer(v) ? v() : v;
  }
  return out;
}

/** Tells whether any value in `fields` is a {@link Valuer}. */
export function hasValuer(fields: Fields): boolean {
  for (const key in fields) if (isValuer(fields[key])) return true;
  return false;
}
