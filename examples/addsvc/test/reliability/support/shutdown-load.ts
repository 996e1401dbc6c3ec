import { request } from "node:http";
import { connect } from "node:net";
import type { HttpAnswer } from "./http-exchange.js";
import { readAnswer, splitAddress } from "./http-exchange.js";

/**
 * How one request of a load ended. Every request asks `Expect: 100-continue` and sends its body
 * only after the server's `100 Continue`, so the client knows whether the server had begun it:
 * - `answered`: 200 with the right sum;
 * - `refused`: the connection was refused (the listener was gone);
 * - `unstarted`: the connection was reset before the server read the request (it sat in the
 *   kernel's accept queue when the listener closed), so the request never ran;
 * - `drained`: the closing server answered 503 with a JSON error and `connection: close` without
 *   running the endpoint (fastify's drain fast path);
 * - `lost`: anything else: a reset after the server began the request, a wrong answer, another
 *   status.
 */
export type Fate = "answered" | "refused" | "unstarted" | "drained" | "lost";

/** Counts of a load's requests by {@link Fate}, and what the lost ones saw. */
export interface Tally {
  sent: number;
  answered: number;
  refused: number;
  unstarted: number;
  drained: number;
  lost: number;
  readonly losses: string[];
}

/** Sends `POST /sum` on a fresh connection, body after `100 Continue`, and says how it ended. */
export function sumOnce(address: string, a: number, b: number): Promise<[Fate, string]> {
  const [host, port] = splitAddress(address);
  const body = `{"a":${a},"b":${b}}`;
  return new Promise((resolve) => {
    let started = false;
    const req = request(
      {
        host,
        port,
        method: "POST",
        path: "/sum",
        agent: false,
        headers: {
          "content-type": "application/json",
          "content-length": Buffer.byteLength(body),
          expect: "100-continue",
        },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => {
          text += chunk;
        });
        res.on("error", (err) => resolve(["lost", `response: ${err.message}`]));
        res.on("end", () =>
          resolve(fateOf(res.statusCode ?? 0, res.headers.connection, text, a + b)),
        );
      },
    );
    req.once("continue", () => {
      started = true;
      req.end(body);
    });
    req.on("error", (err: NodeJS.ErrnoException) => {
      if (err.code === "ECONNREFUSED") resolve(["refused", ""]);
      else if (!started) resolve(["unstarted", `${err.code}`]);
      else resolve(["lost", `${err.code}: ${err.message}`]);
    });
    req.flushHeaders();
  });
}

function fateOf(
  status: number,
  connection: string | undefined,
  text: string,
  sum: number,
): [Fate, string] {
  if (status === 200 && text === `{"v":${sum}}`) return ["answered", ""];
  if (
    status === 503 &&
    connection === "close" &&
    typeof (JSON.parse(text) as { error?: unknown }).error === "string"
  )
    return ["drained", ""];
  return ["lost", `${status} ${text}`];
}

/**
 * Runs `workers` loops of {@link sumOnce} on fresh connections, each until its first refused
 * connection after `stopping()` turned true. Resolves with the tally once every loop ended.
 */
export async function loadUntilRefused(
  address: string,
  workers: number,
  stopping: () => boolean,
  tally: Tally,
): Promise<void> {
  const loop = async (worker: number) => {
    for (let i = 1; ; i++) {
      const a = worker * 1000 + (i % 1000);
      tally.sent++;
      const [fate, detail] = await sumOnce(address, a, 1);
      tally[fate]++;
      if (fate === "lost") tally.losses.push(detail);
      if (fate === "refused" && stopping()) return;
      if (fate === "refused") throw new Error("connection refused before the signal");
    }
  };
  await Promise.all(Array.from({ length: workers }, (_, w) => loop(w + 1)));
}

/** A request whose headers the server has read, and whose body waits to be sent. */
export interface HeldRequest {
  /** Resolves once the server answered `100 Continue`: the request is in flight in the server. */
  readonly inFlight: Promise<void>;
  /** Sends the body and resolves with the answer. */
  release(): Promise<HttpAnswer>;
}

/**
 * Starts a `POST` with `Expect: 100-continue` on a fresh connection and holds its body back, so
 * the request stays in flight in the server for as long as the test wants.
 */
export function holdRequest(address: string, path: string, body: string): HeldRequest {
  const [host, port] = splitAddress(address);
  let answer: Promise<HttpAnswer> | undefined;
  const req = request({
    host,
    port,
    method: "POST",
    path,
    agent: false,
    headers: {
      "content-type": "application/json",
      "content-length": Buffer.byteLength(body),
      expect: "100-continue",
    },
  });
  const response = new Promise<HttpAnswer>((resolve, reject) => {
    req.on("response", (res) => readAnswer(res).then(resolve, reject));
    req.on("error", reject);
  });
  const inFlight = new Promise<void>((resolve, reject) => {
    req.once("continue", () => resolve());
    req.once("error", reject);
  });
  req.flushHeaders();
  return {
    inFlight,
    release: () => {
      answer ??= (async () => {
        req.end(body);
        return response;
      })();
      return answer;
    },
  };
}

/** Whether a TCP connection to `address` is refused now (the listener is closed). */
export function isRefused(address: string): Promise<boolean> {
  const [host, port] = splitAddress(address);
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("error", (err: NodeJS.ErrnoException) => resolve(err.code === "ECONNREFUSED"));
  });
}
