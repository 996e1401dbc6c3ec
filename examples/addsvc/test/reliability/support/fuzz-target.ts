import type { AddsvcChild } from "./addsvc-child.js";
import { highLimits, startAddsvcChild } from "./addsvc-child.js";
import { probeFlags, prototypeState } from "./probe.js";

/** The addsvc command under fuzzing, with a way to check its prototypes. */
export interface FuzzTarget {
  readonly addresses: Readonly<Record<string, string>>;
  /** Asserts that no prototype of the service's process changed since it started. */
  expectNoPollution(): Promise<void>;
  /**
   * Stops it with SIGTERM and asserts that it was still running and exits 0 (it is killed if it
   * has not exited after 10 s).
   */
  expectCleanStop(): Promise<void>;
}

/**
 * Starts the real addsvc command for fuzzing: every listener on a free port, the full middleware
 * stack with request logging (logfmt, so hostile input reaches the log writer), limits high.
 */
export async function startFuzzTarget(): Promise<FuzzTarget> {
  const svc: AddsvcChild = await startAddsvcChild(highLimits, {
    nodeFlags: probeFlags,
    ipc: true,
  });
  const before = await prototypeState(svc.child);
  expect(before.polluted).toBe("undefined");
  return {
    addresses: svc.addresses,
    expectNoPollution: async () => {
      expect(await prototypeState(svc.child)).toEqual(before);
    },
    expectCleanStop: async () => {
      expect(svc.child.exitCode).toBeNull();
      process.kill(svc.child.pid ?? 0, "SIGTERM");
      const hung = setTimeout(() => void svc.kill(), 10_000);
      const exit = await svc.exited;
      clearTimeout(hung);
      if (exit.code !== 0)
        throw new Error(`addsvc exited with ${exit.code ?? exit.signal}:\n${svc.stderrTail()}`);
    },
  };
}
