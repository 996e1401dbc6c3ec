import type { Logger } from "@kit/endpoint";
import { nopLogger } from "@kit/endpoint";
import { Etcd3 } from "etcd3";

/** Connection options shared by {@link createEtcdInstancer} and {@link createEtcdRegistrar}. */
export interface EtcdClientOptions {
  /**
   * The etcd client URLs, for example `"http://127.0.0.1:2379"`, or every member of a cluster:
   * calls and watches fail over between them. Required.
   */
  hosts: string | readonly string[];
  /** Deadline of each unary etcd call (get, put, grant, revoke), in ms. Default 5 000. */
  requestTimeoutMs?: number;
  /** First retry / reconnect delay in ms; it doubles (with jitter) up to `retryMaxMs`. Default 100. */
  retryMinMs?: number;
  /** Longest retry / reconnect delay in ms. Default 5 000. */
  retryMaxMs?: number;
  /** Receives `warn` records for outages and `info` records for recoveries. Default: `nopLogger`. */
  logger?: Logger;
}

/** The validated form of {@link EtcdClientOptions}. Internal. */
export interface ResolvedClientOptions {
  readonly hosts: string[];
  readonly requestTimeoutMs: number;
  readonly retryMinMs: number;
  readonly retryMaxMs: number;
  readonly logger: Logger;
}

/** Validates `options` for the factory called `where`; throws a TypeError on bad values. */
export function resolveClientOptions(
  where: string,
  options: EtcdClientOptions,
): ResolvedClientOptions {
  const {
    hosts,
    requestTimeoutMs = 5_000,
    retryMinMs = 100,
    retryMaxMs = 5_000,
    logger = nopLogger,
  } = options ?? ({} as EtcdClientOptions);
  const list = typeof hosts === "string" ? [hosts] : Array.isArray(hosts) ? [...hosts] : [];
  if (list.length === 0 || list.some((h) => typeof h !== "string" || !/^https?:\/\/./.test(h))) {
    throw new TypeError(
      `${where}: hosts must be one or more http(s):// URLs, got ${JSON.stringify(hosts)}`,
    );
  }
  for (const [name, value] of [
    ["requestTimeoutMs", requestTimeoutMs],
    ["retryMinMs", retryMinMs],
    ["retryMaxMs", retryMaxMs],
  ] as const) {
    if (!(Number.isFinite(value) && value > 0)) {
      throw new TypeError(`${where}: ${name} must be a finite number > 0, got ${value}`);
    }
  }
  if (retryMaxMs < retryMinMs) {
    throw new TypeError(
      `${where}: retryMaxMs (${retryMaxMs}) must be >= retryMinMs (${retryMinMs})`,
    );
  }
  if (typeof logger?.log !== "function") {
    throw new TypeError(`${where}: logger must have a log(fields) method`);
  }
  return { hosts: list, requestTimeoutMs, retryMinMs, retryMaxMs, logger };
}

/** etcd3's watch reconnect delays, as the structural backoff it expects. */
interface WatchBackoff {
  readonly duration: number;
  next(): WatchBackoff;
}

function watchBackoff(minMs: number, maxMs: number, attempt = 0): WatchBackoff {
  const nominal = Math.min(maxMs, minMs * 2 ** attempt);
  return {
    duration: nominal / 2 + Math.random() * (nominal / 2),
    next: () => watchBackoff(minMs, maxMs, nominal < maxMs ? attempt + 1 : attempt),
  };
}

/**
 * A new etcd3 client whose unary calls carry a deadline and whose watch reconnects back off
 * from `retryMinMs` to `retryMaxMs` (etcd3's own default grows to 30 s). Internal.
 */
export function connect(options: ResolvedClientOptions): Etcd3 {
  const { hosts, requestTimeoutMs, retryMinMs, retryMaxMs } = options;
  return new Etcd3({
    hosts,
    dialTimeout: requestTimeoutMs,
    faultHandling: { watchBackoff: watchBackoff(retryMinMs, retryMaxMs) },
    defaultCallOptions: (context) =>
      context.isStream ? {} : { deadline: Date.now() + requestTimeoutMs },
  });
}
