/**
 * A typed key for values stored in a {@link Context}. Two keys are the same only if they are the
 * same object (or, for the well-known keys of this package, share a `Symbol.for` id).
 */
export interface Key<T> {
  /** A readable name, for debugging. */
  readonly name: string;
  /** The identity the context compares. */
  readonly id: symbol;
  /** Type marker only; never set. Keeps `Key<string>` and `Key<number>` apart. */
  readonly _type?: (value: T) => T;
}

/**
 * Makes a new, unique context key for values of type `T`.
 *
 * @example
 * const userKey = createKey<User>("user");
 * const ctx2 = withValue(ctx, userKey, user);
 * ctx2.value(userKey); // User | undefined
 */
export function createKey<T>(name: string): Key<T> {
  return Object.freeze({ name, id: Symbol(name) });
}

/** A key whose identity is global (`Symbol.for`), so every copy of this package agrees on it. */
export function sharedKey<T>(name: string): Key<T> {
  return Object.freeze({ name, id: Symbol.for(`@kit/endpoint.${name}`) });
}
