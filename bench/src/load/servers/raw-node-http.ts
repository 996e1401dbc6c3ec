// The floor: node:http with no framework, reading the body, JSON.parse, add, JSON.stringify.
import { createServer } from "node:http";
import { listenPort } from "./listen-port.js";

/** Starts `POST /sum` on node:http at 127.0.0.1, port 0; resolves to the port. */
export function startRawNodeHttp(): Promise<number> {
  const server = createServer((req, res) => {
    if (req.method !== "POST" || req.url !== "/sum") {
      res.writeHead(404).end();
      return;
    }
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      let a: unknown;
      let b: unknown;
      try {
        ({ a, b } = JSON.parse(Buffer.concat(chunks).toString("utf8")) as {
          a?: unknown;
          b?: unknown;
        });
      } catch {
        // a and b stay undefined: answered as a bad request below.
      }
      if (typeof a !== "number" || typeof b !== "number") {
        res.writeHead(400, { "content-type": "application/json" });
        res.end('{"error":"a and b must be numbers"}');
        return;
      }
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ v: a + b }));
    });
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve(listenPort(server)));
  });
}
