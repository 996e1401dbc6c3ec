// The two HTTP clients under test, each calling POST /sum on the raw fastify server through an
// undici Pool of the same size: the @kit/transport-http client endpoint, and the Pool used raw.
import { background } from "@kit/endpoint";
import { createClient, decodeJSONResponse, encodeJSONRequest } from "@kit/transport-http";
import { Pool } from "undici";
import { operands } from "../sum.js";
import type { Call } from "./closed-loop.js";

/** A call and the way to release its connections. */
export interface ClosableCall {
  readonly call: Call;
  close(): Promise<void>;
}

/** The @kit/transport-http client endpoint with the JSON codecs, over its own Pool. */
export function kitHttpClient(address: string, connections: number): ClosableCall {
  const origin = `http://${address}`;
  const pool = new Pool(origin, { connections });
  const sum = createClient(
    "POST",
    `${origin}/sum`,
    encodeJSONRequest,
    decodeJSONResponse<{ v: number }>(),
    { dispatcher: pool },
  );
  const ctx = background();
  return {
    // A non-2xx answer rejects (the client's error decoder), so it shows up as an error.
    call: async (n) => {
      const req = operands(n);
      const res = await sum(ctx, req);
      return res.v === req.a + req.b;
    },
    close: () => pool.close(),
  };
}

/** An undici Pool used directly: request, status check, JSON body. */
export function undiciPoolClient(address: string, connections: number): ClosableCall {
  const pool = new Pool(`http://${address}`, { connections });
  const headers = { "content-type": "application/json" };
  return {
    call: async (n) => {
      const req = operands(n);
      const res = await pool.request({
        path: "/sum",
        method: "POST",
        headers,
        body: JSON.stringify(req),
      });
      if (res.statusCode < 200 || res.statusCode > 299) {
        await res.body.dump();
        return "non2xx";
      }
      const body = (await res.body.json()) as { v?: unknown };
      return body.v === req.a + req.b;
    },
    close: () => pool.close(),
  };
}
