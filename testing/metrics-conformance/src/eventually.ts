import type { Exposition } from "./backend.js";

/**
 * Reads `read()` until `check` stops throwing, then returns the exposition; after `timeoutMs`
 * rethrows the last failure of `check` (a jest expectation error, say) so the report shows what
 * was exposed. A read that throws fails at once: a malformed exposition is no lag.
 */
export async function eventually(
  read: () => Promise<Exposition>,
  check: (exposed: Exposition) => void,
  timeoutMs: number,
): Promise<Exposition> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const exposed = await read();
    try {
      check(exposed);
      return exposed;
    } catch (err) {
      if (Date.now() > until) throw err;
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
