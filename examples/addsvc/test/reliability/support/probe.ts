import type { ChildProcess } from "node:child_process";
import { once } from "node:events";

/**
 * A module preloaded (`--import`) into the addsvc process under test, with `--expose-gc`, that
 * answers two IPC messages: `"heap"` runs full garbage collections and replies `{ heapUsed }` in
 * bytes; `"prototypes"` replies `{ prototypes }`, the own keys of the built-in prototypes a
 * polluting request could reach, and `{ polluted }`, what a fresh object sees as `polluted`. The
 * service's own code stays untouched.
 */
const probe = `
const protos = { Object: Object.prototype, Array: Array.prototype, Function: Function.prototype, String: String.prototype };
process.on("message", (m) => {
  if (m === "heap") {
    globalThis.gc(); globalThis.gc();
    process.send({ heapUsed: process.memoryUsage().heapUsed });
  } else if (m === "prototypes") {
    const prototypes = {};
    for (const [name, p] of Object.entries(protos)) prototypes[name] = Reflect.ownKeys(p).map(String);
    process.send({ prototypes, polluted: String(({}).polluted) });
  }
});`;

/** The Node flags that install the probe. */
export const probeFlags: readonly string[] = [
  "--expose-gc",
  "--import",
  `data:text/javascript,${encodeURIComponent(probe)}`,
];

async function ask<T>(child: ChildProcess, message: string): Promise<T> {
  const reply = once(child, "message") as Promise<[T]>;
  child.send(message);
  const [answer] = await reply;
  return answer;
}

/** The heap of a child started with {@link probeFlags} (and IPC) after a full GC, in bytes. */
export async function heapAfterGc(child: ChildProcess): Promise<number> {
  return (await ask<{ heapUsed: number }>(child, "heap")).heapUsed;
}

/** What pollution would change in the child: the own keys of its prototypes, and `({}).polluted`. */
export interface PrototypeState {
  readonly prototypes: Readonly<Record<string, readonly string[]>>;
  readonly polluted: string;
}

/** The child's {@link PrototypeState}. */
export function prototypeState(child: ChildProcess): Promise<PrototypeState> {
  return ask<PrototypeState>(child, "prototypes");
}
