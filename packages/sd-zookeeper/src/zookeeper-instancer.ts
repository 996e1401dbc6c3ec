import type { Logger } from "@kit/endpoint";
import { KitError, nopLogger } from "@kit/endpoint";
import type { Instancer } from "@kit/endpoint/sd";
import { createInstanceCache } from "@kit/endpoint/sd";
import type { Client } from "node-zookeeper-client";
import {
  backoffMs,
  commonOptions,
  ensurePath,
  NO_NODE,
  openSession,
  zkCode,
} from "./zk-session.js";

const lostMessage = {
  disconnected: "connection lost",
  expired: "session expired",
  unreachable: "unreachable",
} as const;

/** Options for {@link createZooKeeperInstancer}. */
export interface ZooKeeperInstancerOptions {
  /** The ensemble's connection string, such as `"10.0.0.1:2181,10.0.0.2:2181"` (a chroot suffix is allowed). */
  connect: string;
  /** The node whose children are the instances, such as `"/services/add"`. Created when missing. */
  path: string;
  /** The session timeout the client asks for, in ms (the server clamps it). Default 10 000. */
  sessionTimeoutMs?: number;
  /**
   * How long a new session may take to connect before an error event is reported, in ms.
   * Default: `sessionTimeoutMs`.
   */
  connectTimeoutMs?: number;
  /**
   * The longest random pause before the client retries a lost connection, in ms (the client's
   * `spinDelay`). Default 1000.
   */
  reconnectDelayMs?: number;
  /** The longest wait between retries of a failed read or a new session, in ms. Default 30 000. */
  maxBackoffMs?: number;
  /** Receives `warn` records for failures and `debug` records for connections. Default: {@link nopLogger}. */
  logger?: Logger;
  /** The source of jitter, a number in [0, 1). Default `Math.random`. */
  random?: () => number;
}

/**
 * Creates an {@link Instancer} that watches the children of `path` in ZooKeeper (go-kit's
 * `zk.NewInstancer`) and reports each child's data (UTF-8) as an instance address; children
 * with empty data are ignored.
 *
 * It connects at once and creates `path` (and its parents) when missing. Every change to the
 * children re-reads them and re-arms the watch. When the connection is lost, the session
 * expires, or no connection comes within `connectTimeoutMs`, it reports an error event
 * (KitError `unavailable`, cause attached) and subscribers keep the last instances; when the
 * client reconnects (same session) or a new session starts (after an expiry, with exponential
 * backoff and jitter) it reads the children again and re-arms the watch. A failed read while
 * connected is reported the same way and retried with backoff. `stop()` closes the client,
 * clears every timer and drops every subscriber. Throws a TypeError for bad options.
 *
 * @example
 * const instancer = createZooKeeperInstancer({ connect: "127.0.0.1:2181", path: "/services/add" });
 * const endpointer = createEndpointer(instancer, factory);
 * // on shutdown
 * endpointer.close();
 * instancer.stop();
 */
export function createZooKeeperInstancer(options: ZooKeeperInstancerOptions): Instancer {
  const fn = "createZooKeeperInstancer";
  const {
    connect,
    path,
    sessionTimeoutMs,
    connectTimeoutMs,
    reconnectDelayMs,
    maxBackoffMs,
    logger,
    random,
  } = commonOptions(fn, options ?? {});

  const cache = createInstanceCache({ logger });
  let stopped = false;
  let generation = 0;
  let failures = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  const clearRetry = (): void => {
    if (retryTimer !== undefined) clearTimeout(retryTimer);
    retryTimer = undefined;
  };

  const report = (message: string, cause?: unknown): void => {
    cache.update({ error: new KitError("unavailable", message, { cause }) });
  };

  const failed = (client: Client, err: unknown): void => {
    failures++;
    logger.log({
      level: "warn",
      msg: "sd-zookeeper: reading instances failed",
      path,
      failures,
      err,
    });
    report(`ZooKeeper: reading the children of ${path} failed`, err);
    clearRetry();
    retryTimer = setTimeout(
      () => {
        retryTimer = undefined;
        if (!stopped && session.client() === client) refresh(client, zkCode(err) === NO_NODE);
      },
      backoffMs(failures, maxBackoffMs, random),
    );
  };

  const readData = (client: Client, child: string): Promise<string | undefined> =>
    new Promise((resolve, reject) => {
      client.getData(`${path}/${child}`, (err, data) => {
        if (err) {
          if (zkCode(err) === NO_NODE)
            resolve(undefined); // removed since the listing
          else reject(err);
        } else resolve(data ? data.toString("utf8") : undefined);
      });
    });

  function refresh(client: Client, createPath: boolean): void {
    const mine = ++generation;
    const current = () => !stopped && mine === generation;
    const listed = (err: unknown, children: string[]): void => {
      if (!current()) return;
      if (err) {
        if (zkCode(err) === NO_NODE) {
          refresh(client, true); // the path was removed: create it again, like go-kit
          return;
        }
        failed(client, err);
        return;
      }
      Promise.all(children.map((child) => readData(client, child))).then(
        (data) => {
          if (!current()) return;
          failures = 0;
          cache.update({ instances: data.filter((d): d is string => d !== undefined && d !== "") });
        },
        (e: unknown) => {
          if (current()) failed(client, e);
        },
      );
    };
    const list = (): void => {
      client.getChildren(
        path,
        () => {
          if (current()) refresh(client, false);
        },
        listed,
      );
    };
    if (!createPath) {
      list();
      return;
    }
    ensurePath(client, path).then(
      () => {
        if (current()) list();
      },
      (err: unknown) => {
        if (current()) failed(client, err);
      },
    );
  }

  const session = openSession(
    {
      connect,
      sessionTimeoutMs,
      reconnectDelayMs,
      connectTimeoutMs,
      maxBackoffMs,
      logger,
      random,
      name: "sd-zookeeper instancer",
    },
    {
      connected(client, fresh) {
        clearRetry();
        refresh(client, fresh);
      },
      lost(reason) {
        generation++; // results of reads in flight are stale now
        clearRetry();
        report(`ZooKeeper at ${connect}: ${lostMessage[reason]}`);
      },
    },
  );

  return {
    subscribe: cache.subscribe,
    unsubscribe: cache.unsubscribe,
    stop() {
      if (stopped) return;
      stopped = true;
      clearRetry();
      session.close();
      cache.stop();
    },
  };
}
