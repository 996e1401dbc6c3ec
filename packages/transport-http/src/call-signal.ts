import { EventEmitter } from "node:events";
import type { Context } from "@kit/endpoint";
import { whenDone } from "@kit/endpoint";

/**
 * The signal one call hands undici in place of `ctx.signal`: it aborts with the context's end
 * reason. It waits on the context through `whenDone`, so reading it creates no AbortController,
 * a context that can never end costs nothing, and any number of calls may be in flight on one
 * context without Node's too-many-listeners warning. Call `release()` when the call has ended.
 */
export class CallSignal extends EventEmitter {
  /** Whether the context has ended (read by undici). */
  aborted = false;
  /** The context's end reason, once it has ended (read by undici). */
  reason: unknown;
  /** Stops waiting on the context. */
  readonly release: () => void;

  constructor(ctx: Context) {
    super();
    this.release = whenDone(ctx, (reason) => {
      this.aborted = true;
      this.reason = reason;
      this.emit("abort");
    });
  }
}
