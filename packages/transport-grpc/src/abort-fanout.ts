/** The one `abort` listener a signal carries for every call in flight on it. */
interface Fanout {
  readonly callbacks: Set<() => void>;
  readonly listener: () => void;
}

const fanouts = new WeakMap<AbortSignal, Fanout>();

/**
 * Calls `fn` once when `signal` aborts; returns a function that forgets `fn`. However many calls
 * wait on one signal (say 100 calls in flight on `background()`), the signal carries one `abort`
 * listener, added for the first and removed when the last forgets, so Node never warns of too
 * many listeners and a long-lived signal keeps nothing of finished calls. `fn` is not called for
 * a signal that has already aborted: check `signal.aborted` first.
 */
export function onAbort(signal: AbortSignal, fn: () => void): () => void {
  let fanout = fanouts.get(signal);
  if (fanout === undefined) {
    const callbacks = new Set<() => void>();
    const listener = () => {
      fanouts.delete(signal);
      for (const callback of callbacks) callback();
      callbacks.clear();
    };
    fanout = { callbacks, listener };
    fanouts.set(signal, fanout);
    signal.addEventListener("abort", listener, { once: true });
  }
  const { callbacks, listener } = fanout;
  callbacks.add(fn);
  return () => {
    if (!callbacks.delete(fn) || callbacks.size > 0) return;
    signal.removeEventListener("abort", listener);
    if (fanouts.get(signal) === fanout) fanouts.delete(signal);
  };
}
