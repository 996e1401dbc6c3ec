import type { IncomingMessage } from "node:http";
import { request } from "node:http";
import { connect } from "node:net";

/** What came back for one HTTP request. */
export interface HttpAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly text: string;
}

/** One HTTP request to send: a method, a path, headers and a body, all optional but the path. */
export interface HttpAsk {
  readonly method?: string;
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Uint8Array;
}

/**
 * Sends one request on a fresh connection (no keep-alive) to `address` (`host:port`) and
 * resolves with the status, headers and body text; rejects on a network error.
 */
export function exchange(address: string, ask: HttpAsk): Promise<HttpAnswer> {
  const [host, port] = splitAddress(address);
  const headers: Record<string, string | number> = { ...ask.headers };
  // Sized unless the caller asked for chunks: Node would send a DELETE body unframed.
  if (ask.body !== undefined && headers["transfer-encoding"] === undefined)
    headers["content-length"] = Buffer.byteLength(ask.body);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host,
        port,
        method: ask.method ?? "POST",
        path: ask.path,
        headers,
        agent: false,
      },
      (res) => readAnswer(res).then(resolve, reject),
    );
    req.on("error", reject);
    req.end(ask.body);
  });
}

/** Reads `res` to its end: its status, headers and body text; rejects on a stream error. */
export function readAnswer(res: IncomingMessage): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on("data", (chunk: Buffer) => chunks.push(chunk));
    res.on("end", () =>
      resolve({
        status: res.statusCode ?? 0,
        headers: res.headers,
        text: Buffer.concat(chunks).toString("utf8"),
      }),
    );
    res.on("error", reject);
  });
}

/**
 * Writes `bytes` as they are on a fresh TCP connection, half-closes it, and resolves with
 * everything the server wrote back before closing (possibly nothing).
 */
export function rawExchange(address: string, bytes: Uint8Array): Promise<string> {
  const [host, port] = splitAddress(address);
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    const chunks: Buffer[] = [];
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.on("error", (err: NodeJS.ErrnoException) => {
      // A server may reset a connection that sent garbage; what it wrote before still counts.
      if (err.code === "ECONNRESET" || err.code === "EPIPE")
        resolve(Buffer.concat(chunks).toString("latin1"));
      else reject(err);
    });
    socket.on("close", () => resolve(Buffer.concat(chunks).toString("latin1")));
    socket.end(bytes);
  });
}

/** `host:port` as a host and a port number. */
export function splitAddress(address: string): [string, number] {
  const colon = address.lastIndexOf(":");
  return [address.slice(0, colon), Number(address.slice(colon + 1))];
}
