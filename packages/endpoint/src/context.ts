import { KitError } from "./errors.js";
import type { Key } from "./key.js";

/**
 * The request-scoped context passed explicitly to every endpoint and middleware (Go's
 * `context.Context`): cancellation through `signal`, an optional `deadline`, and typed values.
 *
 * Contexts are immutable: `withValue`, `withCancel`, `withTimeout` and `withDeadline` derive new
 * ones. When a context ends, `signal` aborts with a {@link KitError} as its reason: code
 * `canceled` after a cancel, `deadline_exceeded` when the deadline passes. So
 * `ctx.signal.throwIfAborted()` throws a KitError the transports already know how to answer.
 */
export interface Context {
  /** Aborts when the context is cancelled or its deadline passes; hand it to every blocking call. */
  readonly signal: AbortSignal;
  /** When the context expires, in epoch milliseconds, or `undefined` for never. */
  readonly deadline: number | undefined;
  /** The value stored under `key` here or in an ancestor, or `undefined`. */
  value<T>(key: Key<T>): T | undefined;
}

/** Ends a context made by {@link withCancel}, {@link withTimeout} or {@link withDeadline}. */
export type CancelFunc = (reason?: unknown) => void;

/**
 * Why a scope ended, made on first use: most contexts end unobserved (a request finished), so
 * the error object, with its stack, is only built when someone reads the signal or the error.
 * Every descendant shares its ancestor's Reason, so they all see the same object.
 */
class Reason {
  private made = false;
  private value: unknown = undefined;
  constructor(private make: (() => unknown) | undefined) {}

  static of(value: unknown): Reason {
    const reason = new Reason(undefined);
    reason.made = true;
    reason.value = value;
    return reason;
  }

  get(): unknown {
    if (!this.made) {
      this.value = this.make?.();
      this.made = true;
      this.make = undefined;
    }
    return this.value;
  }
}

/**
 * The cancellation node behind a cancellable context, as in Go: children register with their
 * nearest cancellable ancestor, so cancelling is a walk down a tree and no `AbortSignal` listener
 * is added per child. The `AbortController` is created only when someone reads `ctx.signal`:
 * deriving and cancelling a context nobody watches costs a few small objects.
 */
class Scope {
  private controller: AbortController | undefined = undefined;
  reason: Reason | undefined = undefined;
  children: Set<Scope> | undefined = undefined;
  timer: ReturnType<typeof setTimeout> | undefined = undefined;
  detach: (() => void) | undefined = undefined;
  /** Called with the end reason when the scope ends (see whenDone): no AbortController needed. */
  listeners: Set<(reason: unknown) => void> | undefined = undefined;

  get ended(): boolean {
    return this.reason !== undefined;
  }

  get signal(): AbortSignal {
    if (this.controller === undefined) {
      this.controller = new AbortController();
      if (this.reason !== undefined) this.controller.abort(this.reason.get());
    }
    return this.controller.signal;
  }

  cancel(reason: Reason): void {
    if (this.reason !== undefined) return;
    this.reason = reason;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.detach?.();
    this.detach = undefined;
    this.controller?.abort(reason.get());
    const listeners = this.listeners;
    this.listeners = undefined;
    if (listeners !== undefined && listeners.size > 0) {
      const value = reason.get();
      for (const fn of listeners) fn(value);
    }
    const children = this.children;
    this.children = undefined;
    if (children) for (const child of children) child.cancel(reason);
  }
}

abstract class BaseContext implements Context {
  abstract readonly signal: AbortSignal;
  abstract readonly deadline: number | undefined;
  /** The nearest cancellable ancestor (or this), if any. */
  abstract readonly scope: Scope | undefined;
  abstract value<T>(key: Key<T>): T | undefined;
}

const neverAborted = new AbortController().signal;

class BackgroundContext extends BaseContext {
  readonly deadline = undefined;
  readonly scope = undefined;
  get signal(): AbortSignal {
    return neverAborted;
  }
  value<T>(_key: Key<T>): T | undefined {
    return undefined;
  }
}

class ValueContext extends BaseContext {
  readonly deadline: number | undefined;
  readonly scope: Scope | undefined;
  constructor(
    private readonly parent: Context,
    private readonly id: symbol,
    private readonly stored: unknown,
  ) {
    super();
    this.deadline = parent.deadline;
    this.scope = parent instanceof BaseContext ? parent.scope : undefined;
  }
  get signal(): AbortSignal {
    return this.scope?.signal ?? this.parent.signal;
  }
  value<T>(key: Key<T>): T | undefined {
    return key.id === this.id ? (this.stored as T) : this.parent.value(key);
  }
}

class CancelContext extends BaseContext {
  constructor(
    private readonly parent: Context,
    readonly deadline: number | undefined,
    readonly scope: Scope,
  ) {
    super();
  }
  get signal(): AbortSignal {
    return this.scope.signal;
  }
  value<T>(key: Key<T>): T | undefined {
    return this.parent.value(key);
  }
}

const backgroundContext: Context = new BackgroundContext();

/**
 * The root context: never cancelled, no deadline, no values. Start every request or job from it.
 *
 * @example
 * const res = await sum(background(), { a: 1, b: 2 });
 */
export function background(): Context {
  return backgroundContext;
}

/**
 * Derives a context that carries `value` under `key`; everything else is the parent's.
 *
 * @example
 * const ctx2 = withValue(ctx, requestIdKey, "r-42");
 */
export function withValue<T>(parent: Context, key: Key<T>, value: T): Context {
  return new ValueContext(parent, key.id, value);
}

/**
 * Derives a cancellable context. The returned function cancels it (reason: a KitError
 * `canceled` unless given); cancelling the parent cancels it too. Call the function when the
 * work is done, so the parent stops tracking the child.
 *
 * @example
 * const [ctx2, cancel] = withCancel(ctx);
 * try { await work(ctx2); } finally { cancel(); }
 */
export function withCancel(parent: Context): [Context, CancelFunc] {
  return derive(parent, parent.deadline);
}

/**
 * Derives a context that ends at `deadline` (epoch ms) or when the parent ends, whichever comes
 * first; the child's deadline never exceeds the parent's. A deadline already past gives a context
 * that is already aborted with `deadline_exceeded`; `Infinity` adds no deadline. Call the returned function when done, to
 * release the timer at once.
 *
 * @example
 * const [ctx2, cancel] = withDeadline(ctx, Date.now() + 500);
 */
export function withDeadline(parent: Context, deadline: number): [Context, CancelFunc] {
  if (Number.isNaN(deadline)) throw new TypeError("withDeadline: deadline must be a number");
  if (deadline === Number.POSITIVE_INFINITY) return derive(parent, parent.deadline);
  const effective =
    parent.deadline !== undefined && parent.deadline <= deadline ? parent.deadline : deadline;
  return derive(parent, effective);
}

/**
 * Derives a context that ends `timeoutMs` milliseconds from now (or earlier, with its parent).
 *
 * @example
 * const [ctx2, cancel] = withTimeout(ctx, 250);
 * try { return await client(ctx2, req); } finally { cancel(); }
 */
export function withTimeout(parent: Context, timeoutMs: number): [Context, CancelFunc] {
  if (Number.isNaN(timeoutMs)) throw new TypeError("withTimeout: timeoutMs must be a number");
  return withDeadline(parent, Date.now() + timeoutMs);
}

/**
 * Milliseconds left before `ctx.deadline` (never negative), or `undefined` without a deadline.
 * Client transports send this onward as the callee's timeout.
 */
export function timeRemainingMs(ctx: Context, now: number = Date.now()): number | undefined {
  return ctx.deadline === undefined ? undefined : Math.max(0, ctx.deadline - now);
}

/**
 * Why `ctx` ended, as a {@link KitError} (`canceled`, `deadline_exceeded`, or whatever reason the
 * canceller gave, converted), or `undefined` while it is live (Go's `ctx.Err()`).
 */
export function contextError(ctx: Context): KitError | undefined {
  if (ctx instanceof BaseContext) {
    const reason = ctx.scope?.reason;
    return reason === undefined ? undefined : KitError.from(reason.get(), "canceled");
  }
  return ctx.signal.aborted ? KitError.from(ctx.signal.reason, "canceled") : undefined;
}

const forgetNothing = (): void => undefined;

/**
 * Calls `fn` with the reason `ctx` ends with (what `ctx.signal.reason` holds) once it ends, or at
 * once when it already has; returns a function that forgets `fn` (Go's `context.AfterFunc`).
 * For this package's contexts it hooks into the cancellation tree: unlike a listener on
 * `ctx.signal` it creates no AbortController, adds nothing for a context that can never end
 * (`background()`), and any number of callers may wait on one context without Node's
 * too-many-listeners warning. Forget `fn` when the work it guards is done.
 *
 * @example
 * const forget = whenDone(ctx, () => call.cancel());
 * try { return await reply; } finally { forget(); }
 */
export function whenDone(ctx: Context, fn: (reason: unknown) => void): () => void {
  if (ctx instanceof BaseContext) {
    const scope = ctx.scope;
    if (scope !== undefined) {
      if (scope.reason !== undefined) {
        fn(scope.reason.get());
        return forgetNothing;
      }
      scope.listeners ??= new Set();
      scope.listeners.add(fn);
      return () => scope.listeners?.delete(fn);
    }
  }
  const signal = ctx.signal;
  if (signal === neverAborted) return forgetNothing; // background-rooted: it never ends
  if (signal.aborted) {
    fn(signal.reason);
    return forgetNothing;
  }
  const onAbort = () => fn(signal.reason);
  signal.addEventListener("abort", onAbort, { once: true });
  return () => signal.removeEventListener("abort", onAbort);
}

/**
 * The reason `ctx` ended with (what `ctx.signal.reason` holds), or `undefined` while it lives;
 * reads this package's contexts without creating their signal. Internal to this package.
 */
export function endReason(ctx: Context): unknown {
  return endedBecause(ctx)?.get();
}

function derive(parent: Context, deadline: number | undefined): [Context, CancelFunc] {
  const scope = new Scope();
  const ctx = new CancelContext(parent, deadline, scope);
  const cancel: CancelFunc = (reason) =>
    scope.cancel(reason === undefined ? new Reason(canceled) : Reason.of(reason));
  const parentReason = endedBecause(parent);
  if (parentReason !== undefined) {
    scope.cancel(parentReason);
    return [ctx, cancel];
  }
  attach(parent, scope);
  if (deadline !== undefined && deadline !== parent.deadline) armDeadline(scope, deadline);
  return [ctx, cancel];
}

/** The longest delay `setTimeout` honours; a longer one would fire at once. */
const maxTimerMs = 2 ** 31 - 1;

/** Cancels `scope` at `deadline`, re-arming in steps when the deadline is beyond one timer. */
function armDeadline(scope: Scope, deadline: number): void {
  const ms = deadline - Date.now();
  if (ms <= 0) {
    scope.cancel(new Reason(deadlineExceeded));
    return;
  }
  const step = Math.min(ms, maxTimerMs);
  scope.timer = setTimeout(() => {
    if (step === ms) scope.cancel(new Reason(deadlineExceeded));
    else armDeadline(scope, deadline);
  }, step);
  scope.timer.unref?.();
}

/** Why `ctx` ended, or `undefined` while it lives; reads our own contexts without their signal. */
function endedBecause(ctx: Context): Reason | undefined {
  if (ctx instanceof BaseContext) return ctx.scope?.reason;
  return ctx.signal.aborted ? Reason.of(ctx.signal.reason) : undefined;
}

/** Links `scope` to the parent's cancellation: a tree edge for our own contexts, a listener otherwise. */
function attach(parent: Context, scope: Scope): void {
  if (parent instanceof BaseContext) {
    const parentScope = parent.scope;
    if (!parentScope) return; // background-rooted: nothing can cancel it from above
    parentScope.children ??= new Set();
    parentScope.children.add(scope);
    scope.detach = () => parentScope.children?.delete(scope);
    return;
  }
  const signal = parent.signal;
  const onAbort = () => scope.cancel(Reason.of(signal.reason));
  signal.addEventListener("abort", onAbort, { once: true });
  scope.detach = () => signal.removeEventListener("abort", onAbort);
}

function deadlineExceeded(): KitError {
  return new KitError("deadline_exceeded", "context deadline exceeded");
}

function canceled(): KitError {
  return new KitError("canceled", "context canceled");
}
