import { createServer, type IncomingMessage, type Server } from "node:http";

/** A local HTTP receiver that resolves with the first request's path and body. */
export function receiver(): Promise<{
  url: string;
  received: Promise<{ path: string; body: string }>;
  server: Server;
}> {
  let deliver: (r: { path: string; body: string }) => void = () => {};
  const received = new Promise<{ path: string; body: string }>((resolve) => {
    deliver = resolve;
  });
  const server = createServer((req: IncomingMessage, res) => {
    let body = "";
    req.on("data", (c) => {
      body += c;
    });
    req.on("end", () => {
      res.writeHead(202).end("{}");
      deliver({ path: req.url ?? "", body });
    });
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      resolve({ url: `http://127.0.0.1:${port}`, received, server });
    }),
  );
}
