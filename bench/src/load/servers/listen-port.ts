import type { Server } from "node:net";

/** The port a listening server is bound to. */
export function listenPort(server: Server): number {
  const bound = server.address();
  if (typeof bound !== "object" || bound === null) throw new Error("server is not listening");
  return bound.port;
}
