import type { AddressInfo } from "node:net";
import type { FastifyInstance } from "fastify";

/** Listens on a free loopback port and returns the base URL, e.g. `http://127.0.0.1:41234`. */
export async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ port: 0, host: "127.0.0.1" });
  const { port } = app.server.address() as AddressInfo;
  return `http://127.0.0.1:${port}`;
}

/** A promise with its resolve function outside, to await an event without sleeping. */
export interface Deferred<T> {
  readonly promise: Promise<T>;
  resolve(value: T): void;
}

/** Makes a {@link Deferred}. */
export function deferred<T = void>(): Deferred<T> {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/** POSTs `body` with the given headers using plain `fetch`; resolves to status, headers and JSON. */
export async function post(
  url: string,
  body: string | undefined,
  headers: Record<string, string> = { "content-type": "application/json" },
): Promise<{ status: number; headers: Headers; json: unknown; text: string }> {
  const res = await fetch(url, { method: "POST", body, headers });
  const text = await res.text();
  let json: unknown;
  try {
    json = text === "" ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, json, text };
}
