import { once } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A Consul HTTP API stand-in for tests, implementing exactly the endpoints @kit/sd-consul uses
 * with Consul's documented semantics: one monotonically increasing index (bumped by every
 * register, deregister and check status change); blocking health queries that park until the
 * index exceeds `?index=` or `?wait=` elapses (answered with the current `X-Consul-Index`);
 * `?passing` and `?tag` filters; agent register/deregister; TTL checks that start critical, pass
 * on `/v1/agent/check/pass/<id>` and go critical when not passed within their TTL. HTTP and
 * gRPC checks are not probed: they start critical and tests flip them with `setCheck`.
 */
export interface ConsulTestServer {
  /** `http://127.0.0.1:<port>`. */
  readonly address: string;
  /** The current raft-like index. */
  index(): number;
  /** Every request received, oldest first. */
  readonly requests: readonly RecordedRequest[];
  /** The registered services, by ID, as the agent holds them. */
  services(): ReadonlyMap<string, StoredService>;
  /** Sets a check's status (by check ID) and bumps the index. */
  setCheck(checkId: string, status: "passing" | "warning" | "critical"): void;
  /** Test hook: sets the index back to `to` and answers every parked query at once with it. */
  resetIndex(to: number): void;
  /** Test hook: answer every request with HTTP 500 while `on`. */
  fail500(on: boolean): void;
  /** Resolves once a health query with `?index=` >= `minIndex` is parked (blocking). */
  parked(minIndex: number): Promise<void>;
  /** Resolves once no health query is parked (for example after the client aborted it). */
  idle(): Promise<void>;
  /** Resolves once the check `checkId` has `status`. */
  checkStatus(checkId: string, status: "passing" | "critical"): Promise<void>;
  /** Outage: closes the listener and every connection (state is kept). */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  restart(): Promise<void>;
  /** Stops for good and clears every timer. */
  close(): Promise<void>;
}

/** One request the Consul-API test server received. */
export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
}

/** A service as the Consul-API test server's agent holds it, with its one check if any. */
export interface StoredService {
  readonly ID: string;
  readonly Name: string;
  readonly Address: string;
  readonly Port: number;
  readonly Tags: string[];
  readonly check?: {
    id: string;
    definition: Record<string, unknown>;
    status: "passing" | "warning" | "critical";
    ttlMs?: number;
    timer?: ReturnType<typeof setTimeout>;
  };
}

interface Parked {
  readonly minIndex: number;
  readonly answer: () => void;
}

const nodeAddress = "127.0.0.1";

/** Starts the test server on a free loopback port. */
export async function startConsulTestServer(): Promise<ConsulTestServer> {
  let index = 1;
  const services = new Map<string, StoredService>();
  const requests: RecordedRequest[] = [];
  const parkedQueries = new Set<Parked>();
  const parkWaiters = new Set<() => void>();
  let failing = false;

  const notify = () => {
    for (const wake of Array.from(parkWaiters)) wake();
  };
  const waitUntil = (ready: () => boolean) =>
    new Promise<void>((resolve) => {
      const check = () => {
        if (!ready()) return;
        parkWaiters.delete(check);
        resolve();
      };
      parkWaiters.add(check);
      check();
    });
  const findCheck = (checkId: string) =>
    Array.from(services.values()).find((s) => s.check?.id === checkId)?.check;

  const bump = () => {
    index++;
    notify();
    for (const p of Array.from(parkedQueries)) if (index > p.minIndex) p.answer();
  };

  const checkTimer = (svc: StoredService) => {
    const check = svc.check;
    if (!check?.ttlMs) return;
    if (check.timer) clearTimeout(check.timer);
    check.timer = setTimeout(() => {
      check.timer = undefined;
      if (check.status !== "critical") {
        check.status = "critical";
        bump();
      }
    }, check.ttlMs);
  };

  const health = (name: string, query: URLSearchParams) => {
    const passing = query.has("passing") && query.get("passing") !== "false";
    const tag = query.get("tag");
    return Array.from(services.values())
      .filter((s) => s.Name === name)
      .filter((s) => !passing || !s.check || s.check.status === "passing")
      .filter((s) => tag === null || s.Tags.includes(tag))
      .map((s) => ({
        Node: { Node: "test-node", Address: nodeAddress },
        Service: { ID: s.ID, Service: s.Name, Address: s.Address, Port: s.Port, Tags: s.Tags },
        Checks: s.check ? [{ CheckID: s.check.id, Status: s.check.status }] : [],
      }));
  };

  const send = (res: ServerResponse, status: number, body?: unknown) => {
    res.writeHead(status, {
      "content-type": "application/json",
      "x-consul-index": String(index),
    });
    res.end(body === undefined ? "" : JSON.stringify(body));
  };

  const readBody = async (req: IncomingMessage): Promise<unknown> => {
    let text = "";
    for await (const chunk of req) text += chunk;
    return text ? JSON.parse(text) : undefined;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://x");
    const method = req.method ?? "GET";
    requests.push({ method, path: url.pathname, query: url.searchParams });
    if (failing) return send(res, 500, "injected failure");
    const path = url.pathname;
    const healthMatch = /^\/v1\/health\/service\/([^/]+)$/.exec(path);
    if (method === "GET" && healthMatch) {
      const name = decodeURIComponent(healthMatch[1] as string);
      const minIndex = Number(url.searchParams.get("index") ?? "0");
      const waitMs = parseWait(url.searchParams.get("wait"));
      if (minIndex > 0 && index <= minIndex) {
        let timer: ReturnType<typeof setTimeout> | undefined;
        const parked: Parked = {
          minIndex,
          answer: () => {
            clearTimeout(timer);
            parkedQueries.delete(parked);
            req.socket.off("close", drop);
            notify();
            if (!res.destroyed) send(res, 200, health(name, url.searchParams));
          },
        };
        const drop = () => {
          clearTimeout(timer);
          parkedQueries.delete(parked);
          notify();
        };
        timer = setTimeout(parked.answer, waitMs);
        req.socket.once("close", drop);
        parkedQueries.add(parked);
        notify();
        return;
      }
      return send(res, 200, health(name, url.searchParams));
    }
    if (method === "PUT" && path === "/v1/agent/service/register") {
      const body = (await readBody(req)) as Record<string, unknown>;
      const id = String(body.ID ?? body.Name);
      const old = services.get(id);
      if (old?.check?.timer) clearTimeout(old.check.timer);
      const def = body.Check as Record<string, unknown> | undefined;
      const svc: StoredService = {
        ID: id,
        Name: String(body.Name),
        Address: String(body.Address ?? ""),
        Port: Number(body.Port),
        Tags: (body.Tags as string[] | null) ?? [],
        check: def
          ? {
              id: String(def.CheckID ?? `service:${id}`),
              definition: def,
              status: "critical",
              ttlMs: typeof def.TTL === "string" ? parseWait(def.TTL) : undefined,
            }
          : undefined,
      };
      services.set(id, svc);
      checkTimer(svc);
      bump();
      return send(res, 200);
    }
    const dereg = /^\/v1\/agent\/service\/deregister\/([^/]+)$/.exec(path);
    if (method === "PUT" && dereg) {
      const id = decodeURIComponent(dereg[1] as string);
      const svc = services.get(id);
      if (!svc) return send(res, 404, `Unknown service ID "${id}"`);
      if (svc.check?.timer) clearTimeout(svc.check.timer);
      services.delete(id);
      bump();
      return send(res, 200);
    }
    const pass = /^\/v1\/agent\/check\/pass\/([^/]+)$/.exec(path);
    if (method === "PUT" && pass) {
      const checkId = decodeURIComponent(pass[1] as string);
      const svc = Array.from(services.values()).find((s) => s.check?.id === checkId);
      if (!svc?.check?.ttlMs) return send(res, 404, `Unknown check ID "${checkId}"`);
      checkTimer(svc);
      if (svc.check.status !== "passing") {
        svc.check.status = "passing";
        bump();
      }
      return send(res, 200);
    }
    send(res, 404, "not implemented by the test server");
  };

  let server: Server = createServer((req, res) => {
    handle(req, res).catch(() => send(res, 400, "bad request"));
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const port = (server.address() as AddressInfo).port;
  let listening = true;

  const shutdown = async () => {
    if (!listening) return;
    listening = false;
    for (const p of Array.from(parkedQueries)) parkedQueries.delete(p);
    const closed = once(server, "close");
    server.close();
    server.closeAllConnections();
    await closed;
  };

  return {
    address: `http://127.0.0.1:${port}`,
    index: () => index,
    requests,
    services: () => services,
    setCheck(checkId, status) {
      const svc = Array.from(services.values()).find((s) => s.check?.id === checkId);
      if (!svc?.check) throw new Error(`no check ${checkId}`);
      svc.check.status = status;
      bump();
    },
    resetIndex(to) {
      index = to;
      for (const p of Array.from(parkedQueries)) p.answer();
    },
    fail500(on) {
      failing = on;
    },
    parked: (minIndex) =>
      waitUntil(() => Array.from(parkedQueries).some((p) => p.minIndex >= minIndex)),
    idle: () => waitUntil(() => parkedQueries.size === 0),
    checkStatus: (checkId, status) => waitUntil(() => findCheck(checkId)?.status === status),
    stop: shutdown,
    async restart() {
      if (listening) return;
      server = createServer((req, res) => {
        handle(req, res).catch(() => send(res, 400, "bad request"));
      });
      server.listen(port, "127.0.0.1");
      await once(server, "listening");
      listening = true;
    },
    async close() {
      for (const s of services.values()) if (s.check?.timer) clearTimeout(s.check.timer);
      await shutdown();
    },
  };
}

/** Parses Consul durations such as `"10s"`, `"250ms"`, `"1m"`; Consul's default wait is 5 min. */
function parseWait(value: string | null): number {
  if (value === null) return 300_000;
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)$/.exec(value);
  if (!m) return 300_000;
  const n = Number(m[1]);
  return m[2] === "ms" ? n : m[2] === "s" ? n * 1000 : n * 60_000;
}
