import type { Logger } from "@kit/endpoint";

/** A write stream that keeps every chunk written to it. */
export interface Capture {
  readonly stream: { write(chunk: string): boolean };
  /** Every `write` call's chunk, in order. */
  readonly chunks: string[];
  /** The text written, split into lines (without the trailing empty one). */
  lines(): string[];
}

/** Makes a {@link Capture}. */
export function capture(): Capture {
  const chunks: string[] = [];
  return {
    stream: {
      write(chunk: string) {
        chunks.push(chunk);
        return true;
      },
    },
    chunks,
    lines: () => chunks.join("").split("\n").slice(0, -1),
  };
}

/** A logger that keeps the records it is given. */
export function recorder(): Logger & { records: Record<string, unknown>[] } {
  const records: Record<string, unknown>[] = [];
  return { records, log: (fields) => void records.push(fields) };
}
