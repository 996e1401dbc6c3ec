import type { Endpoint, Logger } from "@kit/endpoint";
import { background, chain, codeTable, KitError, withTimeout } from "@kit/endpoint";
import { logging, makeEndpoints } from "./endpoints.js";
import { addService } from "./service.js";

const logger: Logger = {
  log: (fields) =>
    console.log(
      `  log: ${Object.entries(fields)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => `${k}=${v}`)
        .join(" ")}`,
    ),
};

const raw = makeEndpoints(addService);
const sum = chain(logging(logger, "sum"))(raw.sum);
const concat = chain(logging(logger, "concat"))(raw.concat);

async function call(label: string, endpoint: Endpoint, request: unknown, timeoutMs = 1_000) {
  const [ctx, cancel] = withTimeout(background(), timeoutMs);
  try {
    console.log(
      `${label} ${JSON.stringify(request)} -> ${JSON.stringify(await endpoint(ctx, request))}`,
    );
  } catch (err) {
    const e = KitError.from(err);
    console.log(
      `${label} ${JSON.stringify(request)} -> ${e.code} (HTTP ${codeTable[e.code].httpStatus}, gRPC ${codeTable[e.code].grpcStatus}): ${e.message}`,
    );
  } finally {
    cancel();
  }
}

console.log("@kit hello: one service, two endpoints, a logging middleware, schema-checked input\n");
await call("sum", sum, { a: 1, b: 2 });
await call("concat", concat, { a: "go", b: "kit" });
await call("sum", sum, { a: "1", b: 2.5 });
await call("concat", concat, { a: "0123456789", b: "x" });
await call("concat", concat, { a: "late", b: "!" }, 0);
