import type { Labels } from "./metrics.js";

const empty: Labels = Object.freeze({});

/** The empty label set, shared. */
export function noLabels(): Labels {
  return empty;
}

/**
 * Returns a frozen copy of `base` with `extra` added (a later value wins). Throws `TypeError`
 * for a label value that is not a string, naming `who` in the message.
 */
export function mergeLabels(who: string, base: Labels, extra: Labels): Labels {
  if (typeof extra !== "object" || extra === null)
    throw new TypeError(`${who}: with() takes an object of label values`);
  const merged: Record<string, string> = { ...base };
  for (const [name, value] of Object.entries(extra)) {
    if (typeof value !== "string")
      throw new TypeError(`${who}: label "${name}" must be a string, got ${typeof value}`);
    merged[name] = value;
  }
  return Object.freeze(merged);
}

/** A canonical key for a label set: names sorted, so `{a, b}` and `{b, a}` agree. */
export function labelKey(labels: Labels): string {
  const names = Object.keys(labels).sort();
  return JSON.stringify(names.map((n) => [n, labels[n]]));
}
