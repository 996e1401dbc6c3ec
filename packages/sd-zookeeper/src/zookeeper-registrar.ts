import { randomUUID } from "node:crypto";
import type { Logger } from "@kit/endpoint";
import { KitError, nopLogger } from "@kit/endpoint";
import type { Registrar } from "@kit/endpoint/sd";
import type { Client } from "node-zookeeper-client";
import zookeeper from "node-zookeeper-client";
import type { Session } from "./zk-session.js";
import {
  backoffMs,
  commonOptions,
  ensurePath,
  NO_NODE,
  openSession,
  zkCode,
} from "./zk-session.js";

/** Options for {@link createZooKeeperRegistrar}. */
export interface ZooKeeperRegistrarOptions {
  /** The ensemble's connection string, such as `"10.0.0.1:2181,10.0.0.2:2181"`. */
  connect: string;
  /** The parent node, such as `"/services/add"`. Created (with its parents) when missing. */
  path: string;
  /** This instance's address, such as `"10.0.0.7:8080"`: the data of the registered node. */
  instance: string;
  /**
   * The session timeout the client asks for, in ms (the server clamps it to its
   * `minSessionTimeout`..`maxSessionTimeout`). After the process dies, its node disappears within
   * about this long. Default 10 000.
   */
  sessionTimeoutMs?: number;
  /** How long `register()` waits for a connection before it rejects, in ms. Default: `sessionTimeoutMs`. */
  connectTimeoutMs?: number;
  /** The longest random pause before the client retries a lost connection, in ms. Default 1000. */
  reconnectDelayMs?: number;
  /** The longest wait between re-registration attempts or new sessions, in ms. Default 30 000. */
  maxBackoffMs?: number;
  /** Receives `info` records for (re-)registrations and `warn` records for failures. Default: {@link nopLogger}. */
  logger?: Logger;
  /** The source of jitter, a number in [0, 1). Default `Math.random`. */
  random?: () => number;
}

/**
 * Creates a {@link Registrar} that announces `instance` as an ephemeral sequential node under
 * `path` (go-kit's `zk.NewRegistrar`), named `_c_<uuid>-instance-<sequence>` with the address as
 * its data. The client is internal: `register()` opens a session, `deregister()` closes it.
 *
 * `register()` connects, creates `path` when missing, creates the node and resolves; it rejects
 * with KitError `unavailable` when no connection comes within `connectTimeoutMs` or the create
 * fails. Calling it again while registered does nothing. Afterwards the node lives as long as
 * the session: when the session expires (a long outage, the ensemble's data lost, a paused
 * process) the registrar starts a new session, with exponential backoff and jitter, and creates
 * the node again by itself; a create whose reply was lost is recognised by its uuid and not
 * repeated. `deregister()` stops that, removes the node and closes the client; it rejects with
 * KitError `unavailable` when the node could not be removed (the server then drops it when the
 * session times out). Throws a TypeError for bad options.
 *
 * @example
 * const registrar = createZooKeeperRegistrar({
 *   connect: "127.0.0.1:2181", path: "/services/add", instance: "10.0.0.7:8080" });
 * await registrar.register();
 * process.once("SIGTERM", () => void registrar.deregister());
 */
export function createZooKeeperRegistrar(options: ZooKeeperRegistrarOptions): Registrar {
  const fn = "createZooKeeperRegistrar";
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
  const { instance } = options ?? ({} as ZooKeeperRegistrarOptions);
  if (typeof instance !== "string" || instance === "") {
    throw new TypeError(`${fn}: instance must be a non-empty string such as "10.0.0.7:8080"`);
  }
  const data = Buffer.from(instance, "utf8");

  let session: Session | undefined;
  let node: string | undefined;
  let prefix = "";
  let generation = 0;
  let failures = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let pending: { resolve: () => void; reject: (err: unknown) => void } | undefined;
  let registering: Promise<void> | undefined;

  const clearRetry = (): void => {
    if (retryTimer !== undefined) clearTimeout(retryTimer);
    retryTimer = undefined;
  };

  /** Finds the node a lost reply may have created on this session, by its uuid prefix. */
  const findOwn = (client: Client): Promise<string | undefined> =>
    new Promise((resolve, reject) => {
      client.getChildren(path, (err, children) => {
        if (err) {
          if (zkCode(err) === NO_NODE) resolve(undefined);
          else reject(err);
          return;
        }
        const own = children.find((c) => c.startsWith(prefix));
        resolve(own === undefined ? undefined : `${path}/${own}`);
      });
    });

  const createNode = (client: Client): Promise<string> =>
    new Promise((resolve, reject) => {
      client.create(
        `${path}/${prefix}instance-`,
        data,
        zookeeper.CreateMode.EPHEMERAL_SEQUENTIAL,
        (err, created) => {
          if (err) reject(err);
          else resolve(created);
        },
      );
    });

  const ensureNode = (client: Client): void => {
    const mine = ++generation;
    const current = () => session !== undefined && mine === generation;
    findOwn(client)
      .then((own) => own ?? ensurePath(client, path).then(() => createNode(client)))
      .then(
        (created) => {
          if (!current()) return;
          node = created;
          failures = 0;
          logger.log({ level: "info", msg: "sd-zookeeper: registered", path: created, instance });
          pending?.resolve();
          pending = undefined;
        },
        (err: unknown) => {
          if (!current()) return;
          failures++;
          logger.log({ level: "warn", msg: "sd-zookeeper: register failed", path, failures, err });
          if (pending) {
            const p = pending;
            pending = undefined;
            stop();
            p.reject(
              new KitError("unavailable", `ZooKeeper: registering under ${path} failed`, {
                cause: err,
              }),
            );
            return;
          }
          clearRetry();
          retryTimer = setTimeout(
            () => {
              retryTimer = undefined;
              if (session?.client() === client) ensureNode(client);
            },
            backoffMs(failures, maxBackoffMs, random),
          );
        },
      );
  };

  /** Stops re-registering and closes the client; returns the client that was connected, if any. */
  const stop = (): void => {
    generation++;
    clearRetry();
    session?.close();
    session = undefined;
    node = undefined;
    registering = undefined;
  };

  const register = (): Promise<void> => {
    if (registering) return registering;
    registering = new Promise<void>((resolve, reject) => {
      pending = { resolve, reject };
      session = openSession(
        {
          connect,
          sessionTimeoutMs,
          reconnectDelayMs,
          connectTimeoutMs,
          maxBackoffMs,
          logger,
          random,
          name: "sd-zookeeper registrar",
        },
        {
          connected(client, fresh) {
            clearRetry();
            if (fresh) {
              prefix = `_c_${randomUUID()}-`;
              node = undefined;
            }
            if (node === undefined) ensureNode(client);
          },
          lost(reason) {
            generation++;
            clearRetry();
            if (reason === "expired") node = undefined;
            if (reason === "unreachable" && pending) {
              const p = pending;
              pending = undefined;
              stop();
              p.reject(new KitError("unavailable", `ZooKeeper at ${connect}: unreachable`));
            }
          },
        },
      );
    });
    return registering;
  };

  const deregister = async (): Promise<void> => {
    const client = session?.client();
    const registered = node;
    if (pending) {
      const p = pending;
      pending = undefined;
      p.reject(new KitError("canceled", "ZooKeeper registrar: deregistered while registering"));
    }
    generation++;
    clearRetry();
    let failure: unknown;
    if (registered !== undefined) {
      if (client === undefined) failure = new Error("not connected");
      else {
        failure = await new Promise<unknown>((resolve) => {
          client.remove(registered, -1, (err) =>
            resolve(err && zkCode(err) !== NO_NODE ? err : undefined),
          );
        });
      }
    }
    stop();
    if (failure !== undefined) {
      throw new KitError("unavailable", `ZooKeeper: removing ${registered} failed`, {
        cause: failure,
      });
    }
    logger.log({ level: "info", msg: "sd-zookeeper: deregistered", path: registered, instance });
  };

  return { register, deregister };
}
