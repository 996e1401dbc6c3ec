import { basename, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { type Valuer, valuer } from "./valuer.js";

/** Matches the location at the end of a V8 stack frame line: `(file:line:col)` or `file:line:col`. */
const frameLocation = /\(?([^\s()]+):(\d+):\d+\)?$/;

/** The directory of this package's own modules; frames from it are never the call site. */
const ownDir = moduleDir();

function moduleDir(): string {
  const line = captureStack(1)?.split("\n")[1] ?? "";
  const file = toPath(frameLocation.exec(line)?.[1] ?? "");
  return file ? dirname(file) : "\0";
}

function toPath(file: string): string {
  return file.startsWith("file://") ? fileURLToPath(file) : file;
}

function captureStack(limit: number): string | undefined {
  const previous = Error.stackTraceLimit;
  Error.stackTraceLimit = limit;
  const holder: { stack?: string } = {};
  Error.captureStackTrace(holder, captureStack);
  Error.stackTraceLimit = previous;
  return holder.stack;
}

/** How many frames to capture beyond `depth`: enough for every wrapper this package stacks. */
const ownFrameBudget = 24;

/**
 * A {@link Valuer} giving the source location that logged the record, as `file:line` with the
 * file's base name (`server.ts:42`), go-kit's `Caller`/`DefaultCaller`. `undefined` when the
 * stack holds no such frame.
 *
 * Depth: frames inside `@kit/log` (writers, {@link withFields}, level helpers, filters, adapters)
 * and Node's own (`node:` modules) are always skipped, however many wrappers a logger has, so `depth` 0 (the default) is the line
 * that called `log(...)` (or a {@link pinoCompatible} method). Each extra `depth` goes one frame
 * further out: 1 is the caller of the function that logged, useful when you log through your own
 * helper. Locations follow `Error.prepareStackTrace`: with `--enable-source-maps` (or under
 * jest) they point into the original source.
 *
 * Cost: one bounded stack capture and format per record (a few microseconds); bind it only where
 * you want it.
 *
 * @example
 * const logger = withPrefix(logfmtLogger(process.stdout), { ts: timestampUTC, caller: caller() });
 * logger.log({ msg: "hi" }); // ts=... caller=main.ts:12 msg=hi
 */
export function caller(depth = 0): Valuer {
  if (!Number.isInteger(depth) || depth < 0)
    throw new TypeError(`caller: depth must be an integer >= 0, got ${depth}`);
  const limit = depth + ownFrameBudget;
  const prefix = ownDir + (ownDir.includes("\\") ? "\\" : "/");
  return valuer(() => {
    const lines = captureStack(limit)?.split("\n");
    if (!lines) return undefined;
    let skip = depth;
    for (let i = 1; i < lines.length; i++) {
      const m = frameLocation.exec(lines[i] as string);
      if (!m) continue;
      const file = toPath(m[1] as string);
      if (file.startsWith(prefix) || file.startsWith("node:")) continue;
      if (skip-- > 0) continue;
      return `${basename(file)}:${m[2]}`;
    }
    return undefined;
  });
}
