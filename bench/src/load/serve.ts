// A server process: starts the server named in argv[2] on 127.0.0.1, port 0, and prints a
// ReadyLine with its port. The parent pins it to its own core. It exits when its stdin closes,
// so it never outlives the parent.
import type { ReadyLine, ServerKind } from "./protocol.js";

process.stdin.on("end", () => process.exit(0));
process.stdin.resume();

async function start(kind: ServerKind): Promise<number> {
  switch (kind) {
    case "kit-full":
    case "kit-bare":
    case "grpc-kit-full":
    case "grpc-kit-bare": {
      const { startKit } = await import("./servers/kit.js");
      const svc = await startKit({
        transport: kind.startsWith("grpc") ? "grpc" : "http",
        middleware: kind.endsWith("full") ? "full" : "none",
      });
      const address = svc.addresses.http ?? svc.addresses.grpc ?? "";
      return Number(address.slice(address.lastIndexOf(":") + 1));
    }
    case "fastify":
      return (await import("./servers/raw-fastify.js")).startRawFastify();
    case "fastify-by-hand":
      return (await import("./servers/fastify-by-hand.js")).startFastifyByHand();
    case "node-http":
      return (await import("./servers/raw-node-http.js")).startRawNodeHttp();
    case "nest-validation":
      return (await import("./servers/nest.js")).startNest("validation");
    case "nest-minimal":
      return (await import("./servers/nest.js")).startNest("minimal");
    case "moleculer":
      return (await import("./servers/moleculer.js")).startMoleculer();
    case "grpc-by-hand":
      return (await import("./servers/grpc-by-hand.js")).startGrpcByHand();
    case "grpc-raw":
      return (await import("./servers/raw-grpc.js")).startRawGrpc();
  }
}

const kind = process.argv[2] as ServerKind;
const port = await start(kind);
if (!Number.isInteger(port) || port <= 0) throw new Error(`serve: no server "${kind}"`);
const line: ReadyLine = { port };
process.stdout.write(`${JSON.stringify(line)}\n`);
