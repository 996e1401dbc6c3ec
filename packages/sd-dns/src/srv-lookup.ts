import { randomInt } from "node:crypto";
import { createSocket } from "node:dgram";
import { promises as dnsPromises, getServers } from "node:dns";
import { isIPv6 } from "node:net";
import type { SrvAnswer } from "./dns-message.js";
import { decodeSrvResponse, encodeSrvQuery } from "./dns-message.js";

/**
 * Looks up the SRV records of a name. Resolves with an empty `records` list when the name does
 * not exist (NXDOMAIN) or has no SRV records (NODATA); rejects for anything else (timeout,
 * refused, SERVFAIL, unreachable server).
 *
 * @example
 * const fromConsul: SrvLookup = async (name) => ({ records: await myCatalog(name), ttlSec: 10 });
 */
export type SrvLookup = (name: string) => Promise<SrvAnswer>;

/**
 * Options for {@link createSrvLookup}.
 *
 * @example
 * const options: SrvLookupOptions = { servers: ["10.0.0.53"], timeoutMs: 500 };
 */
export interface SrvLookupOptions {
  /**
   * DNS servers, tried in order: `"127.0.0.1"`, `"127.0.0.1:5353"`, `"[::1]:53"`. Default: the
   * system's (`dns.getServers()`).
   */
  servers?: readonly string[];
  /** How long to wait for one server's answer, in ms. Default 2000. */
  timeoutMs?: number;
  /**
   * `true` (default): query over UDP with `node:dgram` and read the records' TTL; a truncated
   * answer is repeated through `node:dns` (which retries over TCP) without a TTL. `false`: use
   * `node:dns`'s `Resolver.resolveSrv`, which reports no TTL.
   */
  ttlAware?: boolean;
}

/** Node's error codes for "the name has no SRV records": an answer, not a failure. */
const emptyCodes = new Set(["ENOTFOUND", "ENODATA"]);
const rcodeNames: Record<number, string> = {
  1: "EFORMERR",
  2: "ESERVFAIL",
  4: "ENOTIMP",
  5: "EREFUSED",
};

/**
 * Creates the {@link SrvLookup} that `createSrvInstancer` uses by default. Throws a TypeError
 * for bad options. Failures reject with the underlying error (`code` like `ETIMEOUT`,
 * `EREFUSED`, `ESERVFAIL`, `ECONNREFUSED`).
 *
 * @example
 * const lookup = createSrvLookup({ servers: ["127.0.0.1:5353"] });
 * const { records, ttlSec } = await lookup("_addsvc._tcp.example.test");
 */
export function createSrvLookup(options: SrvLookupOptions = {}): SrvLookup {
  const { servers, timeoutMs = 2000, ttlAware = true } = options;
  if (
    servers !== undefined &&
    (!Array.isArray(servers) || servers.some((s) => typeof s !== "string"))
  ) {
    throw new TypeError("createSrvLookup: servers must be an array of strings");
  }
  if (!(Number.isFinite(timeoutMs) && timeoutMs > 0)) {
    throw new TypeError(`createSrvLookup: timeoutMs must be a finite number > 0, got ${timeoutMs}`);
  }
  const parsed = servers?.map(parseServer);
  const resolver = new dnsPromises.Resolver({ timeout: timeoutMs, tries: 1 });
  if (servers !== undefined && servers.length > 0) resolver.setServers([...servers]);

  const viaNodeDns: SrvLookup = async (name) => {
    try {
      const found = await resolver.resolveSrv(name);
      return {
        records: found.map((r) => ({
          target: r.name.replace(/\.$/, ""),
          port: r.port,
          priority: r.priority,
          weight: r.weight,
        })),
      };
    } catch (err) {
      if (emptyCodes.has((err as NodeJS.ErrnoException).code ?? "")) return { records: [] };
      throw err;
    }
  };
  if (!ttlAware) return viaNodeDns;

  return async (name) => {
    const targets = parsed && parsed.length > 0 ? parsed : getServers().map(parseServer);
    if (targets.length === 0) throw errorWithCode("ECONNREFUSED", "no DNS servers configured");
    let lastError: unknown;
    for (const server of targets) {
      try {
        const response = await queryUdp(server, name, timeoutMs);
        if (response.truncated) return await viaNodeDns(name);
        if (response.rcode === 0 || response.rcode === 3) {
          return response.rcode === 3 ? { records: [] } : response.answer;
        }
        const code = rcodeNames[response.rcode] ?? `ERCODE${response.rcode}`;
        lastError = errorWithCode(
          code,
          `DNS server ${server.host}:${server.port} answered ${code}`,
        );
      } catch (err) {
        lastError = err;
      }
    }
    throw lastError;
  };
}

interface Server {
  readonly host: string;
  readonly port: number;
}

/** Parses `"1.2.3.4"`, `"1.2.3.4:53"`, `"::1"` or `"[::1]:53"`; throws a TypeError otherwise. */
function parseServer(spec: string): Server {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(spec);
  if (bracketed) return { host: bracketed[1] as string, port: port(bracketed[2], spec) };
  if (isIPv6(spec)) return { host: spec, port: 53 };
  const plain = /^([^:]+)(?::(\d+))?$/.exec(spec);
  if (plain) return { host: plain[1] as string, port: port(plain[2], spec) };
  throw new TypeError(`createSrvLookup: bad server ${JSON.stringify(spec)}`);
}

function port(text: string | undefined, spec: string): number {
  if (text === undefined) return 53;
  const n = Number(text);
  if (!(Number.isInteger(n) && n > 0 && n < 65536)) {
    throw new TypeError(`createSrvLookup: bad port in server ${JSON.stringify(spec)}`);
  }
  return n;
}

function errorWithCode(code: string, message: string): NodeJS.ErrnoException {
  const err: NodeJS.ErrnoException = new Error(message);
  err.code = code;
  return err;
}

/** Sends one query to `server` over a connected UDP socket and resolves with its response. */
function queryUdp(server: Server, name: string, timeoutMs: number) {
  const id = randomInt(0, 0x10000);
  const query = encodeSrvQuery(id, name);
  const socket = createSocket(isIPv6(server.host) ? "udp6" : "udp4");
  return new Promise<ReturnType<typeof decodeSrvResponse>>((resolve, reject) => {
    const timer = setTimeout(
      () =>
        finish(
          errorWithCode("ETIMEOUT", `DNS server ${server.host}:${server.port} did not answer`),
        ),
      timeoutMs,
    );
    const finish = (err: unknown, value?: ReturnType<typeof decodeSrvResponse>) => {
      clearTimeout(timer);
      socket.removeAllListeners();
      socket.on("error", () => undefined);
      socket.close();
      if (err !== undefined) reject(err);
      else resolve(value as ReturnType<typeof decodeSrvResponse>);
    };
    socket.on("error", (err) => finish(err));
    socket.on("message", (msg) => {
      try {
        const decoded = decodeSrvResponse(msg);
        if (decoded.id === id) finish(undefined, decoded);
      } catch (err) {
        finish(err);
      }
    });
    socket.connect(server.port, server.host, () => socket.send(query));
  });
}
