// A load process: runs one LoadSpec (given as JSON in argv[2]), warm-up then measured phase, and
// prints a StartLine when measuring begins and a ResultLine at the end. The parent pins it to
// its own core. It exits when its stdin closes, so it never outlives the parent.
import type { LoadResult, LoadSpec, ResultLine, StartLine } from "./protocol.js";
import { autocannonLoad } from "./runners/autocannon-load.js";
import type { Call } from "./runners/closed-loop.js";
import { closedLoop } from "./runners/closed-loop.js";
import { kitGrpcSumCall } from "./runners/grpc-clients.js";
import { rawAddClient, rawSumCall } from "./runners/grpc-load.js";
import type { ClosableCall } from "./runners/http-clients.js";
import { kitHttpClient, undiciPoolClient } from "./runners/http-clients.js";

process.stdin.on("end", () => process.exit(3));
process.stdin.resume();

const spec = JSON.parse(process.argv[2] ?? "") as LoadSpec;

function say(line: StartLine | ResultLine): void {
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

async function closed(target: ClosableCall | Call): Promise<LoadResult> {
  const call = typeof target === "function" ? target : target.call;
  try {
    if (spec.warmupMs > 0) await closedLoop(call, spec.concurrency, spec.warmupMs);
    say({ phase: "measuring" });
    return await closedLoop(call, spec.concurrency, spec.durationMs);
  } finally {
    if (typeof target !== "function") await target.close();
  }
}

async function grpc(makeCall: (client: ReturnType<typeof rawAddClient>) => Call) {
  const client = rawAddClient(spec.address);
  try {
    return await closed(makeCall(client));
  } finally {
    client.close();
  }
}

async function run(): Promise<LoadResult> {
  switch (spec.kind) {
    case "http-server":
      if (spec.warmupMs > 0) await autocannonLoad(spec.address, spec.concurrency, spec.warmupMs);
      say({ phase: "measuring" });
      return autocannonLoad(spec.address, spec.concurrency, spec.durationMs);
    case "grpc-server":
    case "grpc-client-raw":
      return grpc(rawSumCall);
    case "grpc-client-kit":
      return grpc(kitGrpcSumCall);
    case "http-client-kit":
      return closed(kitHttpClient(spec.address, spec.concurrency));
    case "http-client-undici":
      return closed(undiciPoolClient(spec.address, spec.concurrency));
  }
}

say({ result: await run() });
process.exit(0);
