import { Agent, request } from "node:http";
import type { Client } from "@grpc/grpc-js";
import { splitAddress } from "./http-exchange.js";

/** Counts of a soak's requests. */
export interface SoakTally {
  ok: number;
  errors: number;
  readonly firstErrors: string[];
}

/** One call of a soak: resolves with an error description, or `undefined` when the answer was right. */
export type SoakCall = (i: number) => Promise<string | undefined>;

/** Runs `concurrency` loops of `call` until `deadline` (epoch ms), counting outcomes in `tally`. */
export async function soak(
  call: SoakCall,
  concurrency: number,
  deadline: number,
  tally: SoakTally,
): Promise<void> {
  const loop = async (worker: number) => {
    for (let i = worker; Date.now() < deadline; i += concurrency) {
      let error: string | undefined;
      try {
        error = await call(i);
      } catch (err) {
        error = String(err);
      }
      if (error === undefined) tally.ok++;
      else {
        tally.errors++;
        if (tally.firstErrors.length < 5) tally.firstErrors.push(error);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, w) => loop(w)));
}

/** Operands that never hit a business error: both non-zero and far inside 32 bits. */
function operands(i: number): [number, number] {
  return [(i % 9973) + 1, (i % 97) + 1];
}

/** A `POST` over a keep-alive agent; resolves with the status and body text. */
function keepAlivePost(
  agent: Agent,
  address: string,
  path: string,
  body: string,
): Promise<[number, string]> {
  const [host, port] = splitAddress(address);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host,
        port,
        method: "POST",
        path,
        agent,
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => {
          text += c;
        });
        res.on("end", () => resolve([res.statusCode ?? 0, text]));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/** An HTTP/JSON `POST /sum` soak call. */
export function httpSum(agent: Agent, address: string): SoakCall {
  return async (i) => {
    const [a, b] = operands(i);
    const [status, text] = await keepAlivePost(agent, address, "/sum", `{"a":${a},"b":${b}}`);
    return status === 200 && text === `{"v":${a + b}}` ? undefined : `HTTP ${status} ${text}`;
  };
}

/** A JSON-RPC `concat` soak call. */
export function jsonRpcConcat(agent: Agent, address: string): SoakCall {
  return async (i) => {
    const [a, b] = operands(i);
    const body = `{"jsonrpc":"2.0","method":"concat","params":{"a":"${a}","b":"${b}"},"id":${i}}`;
    const [status, text] = await keepAlivePost(agent, address, "/", body);
    const expected = `{"jsonrpc":"2.0","result":{"v":"${a}${b}"},"id":${i}}`;
    return status === 200 && text === expected ? undefined : `JSON-RPC ${status} ${text}`;
  };
}

/** A gRPC `Sum` soak call through the generated client. */
export function grpcSum(client: Client): SoakCall {
  const sum = (client as unknown as Record<string, unknown>).Sum as (
    req: { a: string; b: string },
    cb: (err: Error | null, reply?: { v: string; err: string }) => void,
  ) => void;
  return (i) =>
    new Promise((resolve) => {
      const [a, b] = operands(i);
      sum.call(client, { a: String(a), b: String(b) }, (err, reply) => {
        if (err) resolve(`gRPC ${err.message}`);
        else
          resolve(
            reply?.v === String(a + b) && reply.err === ""
              ? undefined
              : `gRPC ${JSON.stringify(reply)}`,
          );
      });
    });
}

/** A keep-alive agent for one soak client. */
export function keepAliveAgent(maxSockets: number): Agent {
  return new Agent({ keepAlive: true, maxSockets });
}
