#!/usr/bin/env node
import { gatewayOptionsFromArgs, usage } from "../flags.js";
import { startGateway } from "../gateway.js";

function fail(message: string): never {
  console.error(`apigateway: ${message}`);
  process.exit(2);
}

const options = (() => {
  try {
    return gatewayOptionsFromArgs(process.argv.slice(2));
  } catch (err) {
    return fail(err instanceof Error ? err.message : String(err));
  }
})();
if (options === "help") {
  console.log(usage);
  process.exit(0);
}

const gateway = await (async () => {
  try {
    return await startGateway(options);
  } catch (err) {
    return fail(err instanceof Error ? err.message : String(err));
  }
})();
console.log(
  `apigateway: http listening on ${gateway.address}, ${options.discovery.kind} discovery, ` +
    `${options.transport} to the instances`,
);

let stopping = false;
const stop = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`apigateway: ${signal}, finishing in-flight requests`);
  await gateway.close();
  console.log("apigateway: stopped");
  process.exit(0);
};
process.once("SIGINT", () => void stop("SIGINT"));
process.once("SIGTERM", () => void stop("SIGTERM"));
