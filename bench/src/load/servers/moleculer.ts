// The same sum service in Moleculer 0.14: a `math.sum` action with its usual parameter
// validation, published by moleculer-web as `POST /sum`, in one local broker.
import type { IncomingMessage, Server } from "node:http";
import type { Context } from "moleculer";
import { ServiceBroker } from "moleculer";
import ApiGateway from "moleculer-web";
import { listenPort } from "./listen-port.js";

/** Starts the broker and gateway on 127.0.0.1, port 0; resolves to the port. */
export async function startMoleculer(): Promise<number> {
  const broker = new ServiceBroker({
    nodeID: "bench",
    logger: false,
    metrics: false,
    tracing: false,
  });
  broker.createService({
    name: "math",
    actions: {
      sum: {
        params: { a: "number", b: "number" },
        handler(ctx: Context<{ a: number; b: number }>): { v: number } {
          return { v: ctx.params.a + ctx.params.b };
        },
      },
    },
  });
  const gateway = broker.createService({
    name: "api",
    mixins: [ApiGateway],
    settings: {
      ip: "127.0.0.1",
      port: 0,
      routes: [
        {
          path: "/",
          mappingPolicy: "restrict",
          aliases: { "POST sum": "math.sum" },
          bodyParsers: { json: true },
        },
      ],
    },
  });
  await broker.start();
  const { server } = gateway as unknown as { server: Server<typeof IncomingMessage> };
  return listenPort(server);
}
