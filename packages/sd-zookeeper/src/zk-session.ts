import type { Logger } from "@kit/endpoint";
import { nopLogger } from "@kit/endpoint";
import type { Client } from "node-zookeeper-client";
import zookeeper from "node-zookeeper-client";

/** Internal settings shared by the instancer and the registrar. */
export interface SessionOptions {
  connect: string;
  sessionTimeoutMs: number;
  reconnectDelayMs: number;
  connectTimeoutMs: number;
  maxBackoffMs: number;
  logger: Logger;
  random: () => number;
  /** Prefix of log messages, such as `"sd-zookeeper instancer"`. */
  name: string;
}

/** What a {@link Session} reports. */
export interface SessionHandlers {
  /** Connected; `fresh` when this is a new session (the first, or one after an expiry). */
  connected(client: Client, fresh: boolean): void;
  /**
   * Not connected: `"disconnected"` (connection lost, the session may resume), `"expired"` (the
   * session is gone; a new one follows after a backoff) or `"unreachable"` (no connection within
   * `connectTimeoutMs` of starting a session).
   */
  lost(reason: "disconnected" | "expired" | "unreachable"): void;
}

/** One ZooKeeper session after another: a new client replaces each expired one. */
export interface Session {
  /** The connected client, if there is one. */
  client(): Client | undefined;
  /** Closes the client and clears every timer; no handler is called afterwards. */
  close(): void;
}

/** Delay before attempt `failures` (>= 1): exponential from 100 ms, equal jitter. */
export function backoffMs(failures: number, maxMs: number, random: () => number): number {
  const ceiling = Math.min(maxMs, 100 * 2 ** Math.min(failures - 1, 30));
  return ceiling / 2 + (ceiling / 2) * random();
}

/**
 * Starts a session; the first client connects at once. A client that stays unconnected for
 * `connectTimeoutMs` (node-zookeeper-client can wait forever on a half-open connection) is
 * replaced by a new one that resumes the same session (its id and password), so ephemeral
 * nodes and watches survive; an expired session is replaced by a new one after a backoff.
 */
export function openSession(options: SessionOptions, handlers: SessionHandlers): Session {
  const { connect, sessionTimeoutMs, reconnectDelayMs, connectTimeoutMs, logger, name } = options;
  let current: Client | undefined;
  let connected = false;
  let closed = false;
  let everConnected = false;
  let expiries = 0;
  let session: { id: Buffer; password: Buffer } | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let watchdog: ReturnType<typeof setTimeout> | undefined;

  const clearWatchdog = (): void => {
    if (watchdog !== undefined) clearTimeout(watchdog);
    watchdog = undefined;
  };
  const armWatchdog = (c: Client): void => {
    clearWatchdog();
    watchdog = setTimeout(() => {
      watchdog = undefined;
      if (closed || current !== c || connected) return;
      logger.log({ level: "warn", msg: `${name}: no connection, starting a new client` });
      if (!everConnected) handlers.lost("unreachable");
      if (closed) return; // the handler closed the session
      current = undefined;
      closeClient(c);
      start();
    }, connectTimeoutMs);
  };

  const start = (): void => {
    timer = undefined;
    const c = zookeeper.createClient(connect, {
      sessionTimeout: sessionTimeoutMs,
      spinDelay: reconnectDelayMs,
      retries: 0,
      ...(session && { sessionId: session.id, sessionPassword: session.password }),
    });
    current = c;
    armWatchdog(c);
    c.on("state", (state: { code: number }) => {
      if (closed || current !== c) return;
      if (state.code === zookeeper.State.SYNC_CONNECTED.code) {
        connected = true;
        everConnected = true;
        expiries = 0;
        clearWatchdog();
        const id = c.getSessionId();
        const fresh = session === undefined || !session.id.equals(id);
        session = { id, password: c.getSessionPassword() };
        logger.log({ level: "debug", msg: `${name}: connected`, fresh });
        handlers.connected(c, fresh);
      } else if (state.code === zookeeper.State.DISCONNECTED.code) {
        if (!connected) return;
        connected = false;
        armWatchdog(c);
        logger.log({ level: "warn", msg: `${name}: disconnected` });
        handlers.lost("disconnected");
      } else if (state.code === zookeeper.State.EXPIRED.code) {
        connected = false;
        current = undefined;
        session = undefined;
        clearWatchdog();
        closeClient(c);
        expiries++;
        const delay = backoffMs(expiries, options.maxBackoffMs, options.random);
        logger.log({
          level: "warn",
          msg: `${name}: session expired, starting a new one`,
          delay_ms: Math.round(delay),
        });
        handlers.lost("expired");
        if (!closed) timer = setTimeout(start, delay);
      }
    });
    c.connect();
  };

  start();

  return {
    client: () => (connected ? current : undefined),
    close() {
      if (closed) return;
      closed = true;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      clearWatchdog();
      if (current) closeClient(current);
      current = undefined;
      connected = false;
    },
  };
}

/** The parts of node-zookeeper-client's connection manager {@link closeClient} needs. */
interface ConnectionManagerInternals {
  socket?: { destroy(): void };
  connectTimeoutHandler?: ReturnType<typeof setTimeout> | null;
  setState(state: number): void;
  onSocketConnected(): void;
}

/** The connection manager's CLOSING state: a socket closed in it is not reopened. */
const CLOSING = -1;

/**
 * Closes `client` without leaving a socket or timer behind. node-zookeeper-client's `close()`
 * only works on a connected client: before that it throws (no socket yet) or misreads the
 * connect reply, and its reconnect loop goes on. So a client that is not connected is put in
 * its CLOSING state (no reconnect after the socket closes) and its socket destroyed, including
 * one still being opened.
 */
export function closeClient(client: Client): void {
  if (client.getState().code === zookeeper.State.SYNC_CONNECTED.code) {
    client.close();
    return;
  }
  const cm = (client as unknown as { connectionManager: ConnectionManagerInternals })
    .connectionManager;
  const stopTimer = () => {
    if (cm.connectTimeoutHandler) clearTimeout(cm.connectTimeoutHandler);
    cm.connectTimeoutHandler = null;
  };
  cm.setState(CLOSING);
  cm.onSocketConnected = function (this: ConnectionManagerInternals) {
    stopTimer();
    this.socket?.destroy();
  };
  stopTimer();
  cm.socket?.destroy();
}

/** The numeric ZooKeeper error code of `err` (such as -101, NO_NODE), if it has one. */
export function zkCode(err: unknown): number | undefined {
  const code = (err as { getCode?: () => number } | null)?.getCode?.();
  return typeof code === "number" ? code : undefined;
}

/** ZooKeeper's NO_NODE error code. */
export const NO_NODE = -101;
/** ZooKeeper's NODE_EXISTS error code. */
export const NODE_EXISTS = -110;

/** Creates `path` and its parents when missing (go-kit's `CreateParentNodes`). */
export function ensurePath(client: Client, path: string): Promise<void> {
  return new Promise((resolve, reject) => {
    client.mkdirp(path, (err) => {
      if (err && zkCode(err) !== NODE_EXISTS) reject(err);
      else resolve();
    });
  });
}

/** The options both factories share, as given. */
export interface CommonOptionsInput {
  connect?: unknown;
  path?: unknown;
  sessionTimeoutMs?: number;
  connectTimeoutMs?: number;
  reconnectDelayMs?: number;
  maxBackoffMs?: number;
  logger?: Logger;
  random?: () => number;
}

/** The options both factories share, with their defaults and checked. */
export interface CommonOptions {
  connect: string;
  path: string;
  sessionTimeoutMs: number;
  connectTimeoutMs: number;
  reconnectDelayMs: number;
  maxBackoffMs: number;
  logger: Logger;
  random: () => number;
}

/**
 * Applies the shared defaults (session 10 s, connect timeout = session timeout, reconnect delay
 * 1 s, backoff cap 30 s, no-op logger, `Math.random`) and checks them; throws a TypeError naming
 * `fn` for a bad one.
 */
export function commonOptions(fn: string, options: CommonOptionsInput): CommonOptions {
  const {
    connect,
    path,
    sessionTimeoutMs = 10_000,
    reconnectDelayMs = 1000,
    maxBackoffMs = 30_000,
    logger = nopLogger,
    random = Math.random,
  } = options;
  const { connectTimeoutMs = sessionTimeoutMs } = options;
  const o = {
    connect,
    path,
    sessionTimeoutMs,
    connectTimeoutMs,
    reconnectDelayMs,
    maxBackoffMs,
    logger,
    random,
  };
  if (typeof o.connect !== "string" || o.connect.trim() === "") {
    throw new TypeError(`${fn}: connect must be a non-empty string such as "127.0.0.1:2181"`);
  }
  if (typeof o.path !== "string" || !/^\/[^/]/.test(o.path) || o.path.endsWith("/")) {
    throw new TypeError(`${fn}: path must be an absolute node path such as "/services/add"`);
  }
  for (const key of [
    "sessionTimeoutMs",
    "connectTimeoutMs",
    "reconnectDelayMs",
    "maxBackoffMs",
  ] as const) {
    const v = o[key];
    if (!(Number.isFinite(v) && v > 0 && v <= 2 ** 31 - 1)) {
      throw new TypeError(`${fn}: ${key} must be a number in (0, 2147483647], got ${v}`);
    }
  }
  if (typeof (o.logger as { log?: unknown } | null)?.log !== "function") {
    throw new TypeError(`${fn}: logger must have a log(fields) method`);
  }
  if (typeof o.random !== "function") throw new TypeError(`${fn}: random must be a function`);
  return o as CommonOptions;
}
