import type { StandardSchemaV1 } from "@kit/endpoint";

/** What a {@link FastCheck} answers when the value needs the full schema. */
export const needsSchema: unique symbol = Symbol("needsSchema");

/**
 * Converts one member of a flat object, or answers {@link needsSchema} when the full schema must
 * decide (a wrong type, a value out of range, anything unusual).
 */
export type FastCheck<T> = (value: unknown) => T | typeof needsSchema;

/**
 * A schema for flat objects with lower-case keys that checks the common case by hand and hands
 * everything else to `schema`: a plain object whose keys are all among `members`, each value
 * passing its {@link FastCheck} (a missing member gets the check's answer for `undefined`),
 * becomes the output at once; any other value (other keys, other key case, a failed check) is
 * validated by `schema`, so its output and its issues stay the only answers. Each check must
 * give what `schema` gives for the values it accepts.
 *
 * @example
 * const fast = withFastPath(sumRequestSchema, { a: int64Member, b: int64Member });
 */
export function withFastPath<Input, Output extends Record<string, unknown>>(
  schema: StandardSchemaV1<Input, Output>,
  members: { readonly [K in keyof Output]: FastCheck<Output[K]> },
): StandardSchemaV1<Input, Output> {
  const names = Object.keys(members) as (keyof Output & string)[];
  const checks = names.map((name) => members[name]);
  const full = schema["~standard"];
  const fast = (value: unknown): Output | undefined => {
    if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
    const record = value as Record<string, unknown>;
    for (const key in record) {
      if (!Object.hasOwn(record, key)) return undefined;
      if (!Object.hasOwn(members, key)) return undefined;
    }
    const out: Record<string, unknown> = {};
    for (let i = 0; i < names.length; i++) {
      const name = names[i] as string;
      const v = (checks[i] as FastCheck<unknown>)(record[name]);
      if (v === needsSchema) return undefined;
      out[name] = v;
    }
    return out as Output;
  };
  return {
    "~standard": {
      version: 1,
      vendor: full.vendor,
      validate: (value) => {
        const out = fast(value);
        return out === undefined ? full.validate(value) : { value: out };
      },
      ...(full.types === undefined ? {} : { types: full.types }),
    },
  };
}
