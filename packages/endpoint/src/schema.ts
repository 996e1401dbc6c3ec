import { KitError } from "./errors.js";

/**
 * The Standard Schema v1 interface (standardschema.dev), declared here as types only so this
 * package keeps zero dependencies. zod, valibot, arktype and others implement it.
 */
export interface StandardSchemaV1<Input = unknown, Output = Input> {
  /** The standard properties. */
  readonly "~standard": StandardSchemaProps<Input, Output>;
}

/** The `~standard` property of a {@link StandardSchemaV1}. */
export interface StandardSchemaProps<Input = unknown, Output = Input> {
  /** The version of the standard: 1. */
  readonly version: 1;
  /** The library that made the schema. */
  readonly vendor: string;
  /** Validates an unknown value. */
  readonly validate: (
    value: unknown,
  ) => StandardSchemaResult<Output> | Promise<StandardSchemaResult<Output>>;
  /** Type carriers for inference; absent at run time. */
  readonly types?: StandardSchemaTypes<Input, Output> | undefined;
}

/** A validation result: a value, or issues. */
export type StandardSchemaResult<Output> =
  | { readonly value: Output; readonly issues?: undefined }
  | { readonly issues: readonly StandardSchemaIssue[] };

/** One validation problem. */
export interface StandardSchemaIssue {
  /** What is wrong. */
  readonly message: string;
  /** Where: property keys or `{ key }` segments from the root. */
  readonly path?: ReadonlyArray<PropertyKey | StandardSchemaPathSegment> | undefined;
}

/** A path segment object. */
export interface StandardSchemaPathSegment {
  /** The property key. */
  readonly key: PropertyKey;
}

/** The input and output types a schema carries. */
export interface StandardSchemaTypes<Input = unknown, Output = Input> {
  /** The input type. */
  readonly input: Input;
  /** The output type. */
  readonly output: Output;
}

/** The output type of a Standard Schema. */
export type InferOutput<S extends StandardSchemaV1> = NonNullable<
  S["~standard"]["types"]
>["output"];

/** The input type of a Standard Schema. */
export type InferInput<S extends StandardSchemaV1> = NonNullable<S["~standard"]["types"]>["input"];

/** One issue as `@kit` reports it: a dotted path (`items[0].name`, empty for the root) and a message. */
export interface SchemaIssue {
  /** Dotted path to the offending value; `""` for the value itself. */
  readonly path: string;
  /** The validator's message. */
  readonly message: string;
}

/**
 * Turns a Standard Schema into a decoder step: a function from an unknown value to the schema's
 * output type. Failure rejects with a {@link KitError} `invalid_argument` whose message lists each
 * issue as `path: message` and whose `details.issues` holds them as {@link SchemaIssue}s, so
 * transports answer 400 / INVALID_ARGUMENT with the paths.
 *
 * @example
 * const decodeSum = schemaDecoder(z.object({ a: z.number(), b: z.number() }));
 * const req = await decodeSum(JSON.parse(body)); // { a: number; b: number }
 */
export function schemaDecoder<S extends StandardSchemaV1>(
  schema: S,
): (input: unknown) => Promise<InferOutput<S>> {
  const validate = schema["~standard"].validate;
  // Not an async function: most validators answer synchronously, and settling that answer
  // directly skips an async frame and an await on every call.
  return (input) => {
    let result: ReturnType<typeof validate>;
    try {
      result = validate(input);
    } catch (err) {
      return Promise.reject(err);
    }
    if (isThenable(result)) return Promise.resolve(result).then(settle<InferOutput<S>>);
    return result.issues
      ? Promise.reject(invalidArgument(result.issues))
      : Promise.resolve(result.value as InferOutput<S>);
  };
}

/** Whether a validator answered with a promise (or any thenable) rather than a result. */
function isThenable<T>(answer: T | PromiseLike<T>): answer is PromiseLike<T> {
  return typeof (answer as Partial<PromiseLike<T>>).then === "function";
}

/** The value of a validation result, or a throw of the `invalid_argument` error it describes. */
function settle<T>(result: StandardSchemaResult<unknown>): T {
  if (result.issues) throw invalidArgument(result.issues);
  return result.value as T;
}

function invalidArgument(issues: readonly StandardSchemaIssue[]): KitError {
  const listed = issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message }));
  const text = listed.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join("; ");
  return new KitError("invalid_argument", `invalid request: ${text}`, {
    details: { issues: listed },
  });
}

function formatPath(path: StandardSchemaIssue["path"]): string {
  let out = "";
  for (const segment of path ?? []) {
    const key = typeof segment === "object" ? segment.key : segment;
    if (typeof key === "number") out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}
