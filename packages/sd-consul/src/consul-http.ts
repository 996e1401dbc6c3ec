import { KitError } from "@kit/endpoint";

/** The result of one Consul HTTP API call. */
export interface ConsulResponse {
  readonly status: number;
  readonly body: unknown;
  /** `X-Consul-Index`, or `undefined` when absent or not a number. */
  readonly index: number | undefined;
}

/** Checks `address` (`http://host:port`) and returns it without a trailing slash. */
export function normalizeAddress(fn: string, address: unknown): string {
  if (typeof address !== "string" || !/^https?:\/\/[^/]+/.test(address)) {
    throw new TypeError(`${fn}: address must be an http(s) URL such as "http://127.0.0.1:8500"`);
  }
  return address.replace(/\/+$/, "");
}

/**
 * Calls the Consul HTTP API with the global fetch. Rejects with KitError `unavailable` (cause:
 * the network error or the HTTP status) unless Consul answers 2xx; `canceled` when `signal`
 * aborted the call.
 */
export async function consulRequest(
  method: "GET" | "PUT",
  url: string,
  signal: AbortSignal | undefined,
  body?: unknown,
): Promise<ConsulResponse> {
  let res: Response;
  let text: string;
  try {
    res = await fetch(url, {
      method,
      signal,
      headers: body === undefined ? undefined : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    text = await res.text();
  } catch (err) {
    if (signal?.aborted) throw new KitError("canceled", "consul request canceled", { cause: err });
    throw new KitError("unavailable", `consul ${method} ${pathOf(url)} failed`, { cause: err });
  }
  if (res.status < 200 || res.status > 299) {
    throw new KitError("unavailable", `consul ${method} ${pathOf(url)}: HTTP ${res.status}`, {
      cause: new Error(`HTTP ${res.status}: ${text.slice(0, 200)}`),
    });
  }
  const raw = res.headers.get("x-consul-index");
  const parsed = raw === null ? Number.NaN : Number(raw);
  let parsedBody: unknown;
  if (text.length > 0) {
    try {
      parsedBody = JSON.parse(text);
    } catch (err) {
      throw new KitError("unavailable", `consul ${method} ${pathOf(url)}: invalid JSON`, {
        cause: err,
      });
    }
  }
  return {
    status: res.status,
    body: parsedBody,
    index: Number.isSafeInteger(parsed) && parsed >= 0 ? parsed : undefined,
  };
}

function pathOf(url: string): string {
  return new URL(url).pathname;
}
