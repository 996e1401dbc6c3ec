import { once } from "node:events";
import type { Server, Socket } from "node:net";
import { createServer } from "node:net";

/** A gateway answer: its status and JSON body. */
export interface Answer {
  readonly status: number;
  readonly body: { v?: number | string; error?: string };
}

/** POSTs `{a, b}` as JSON to `http://<address>/<method>`. */
export async function post(
  address: string,
  method: "sum" | "concat",
  a: number | string,
  b: number | string,
): Promise<Answer> {
  const res = await fetch(`http://${address}/${method}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ a, b }),
  });
  return { status: res.status, body: (await res.json()) as Answer["body"] };
}

/** `a + b` through the gateway; rejects unless it answers 200. */
export async function sum(address: string, a: number, b: number): Promise<number> {
  const { status, body } = await post(address, "sum", a, b);
  if (status !== 200) throw new Error(`status ${status}: ${JSON.stringify(body)}`);
  return body.v as number;
}

/** Sends `count` sums, `concurrency` at a time, each checked; resolves with every failure. */
export async function load(
  address: string,
  count: number,
  concurrency: number,
  onDone?: (n: number) => void,
): Promise<unknown[]> {
  const failures: unknown[] = [];
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      try {
        const v = await sum(address, i + 1, 1);
        if (v !== i + 2) throw new Error(`sum ${i + 1} + 1 gave ${v}`);
      } catch (err) {
        failures.push(err);
      }
      onDone?.(++done);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return failures;
}

/** Repeats `attempt` until it returns true; fails after `ms`. */
export async function eventually(
  what: string,
  attempt: () => Promise<boolean> | boolean,
  ms = 15_000,
): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await attempt())) {
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A TCP listener that counts connections and resets each at once: a dead instance. */
export interface DeadInstance {
  readonly address: string;
  connections(): number;
  close(): Promise<void>;
}

/** Starts a {@link DeadInstance} on a free loopback port, or on `port`. */
export async function startDeadInstance(port = 0): Promise<DeadInstance> {
  let connections = 0;
  const server: Server = createServer((socket: Socket) => {
    connections++;
    socket.destroy();
  });
  server.listen(port, "127.0.0.1");
  await once(server, "listening");
  const bound = server.address();
  return {
    address: `127.0.0.1:${typeof bound === "object" && bound ? bound.port : port}`,
    connections: () => connections,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
