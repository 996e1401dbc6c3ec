/** A plain node-zookeeper-client for tests to create, read and list nodes directly. */
import type { Client, Stat } from "node-zookeeper-client";
import zookeeper from "node-zookeeper-client";

/** A connected client; `close()` ends its session. */
export async function rawClient(connect: string): Promise<Client> {
  const client = zookeeper.createClient(connect, { sessionTimeout: 2000, spinDelay: 100 });
  const connected = new Promise<void>((resolve) => client.once("connected", () => resolve()));
  client.connect();
  await connected;
  return client;
}

/** Rejects when `promise` takes longer than 5 s, so a stuck request fails the test loudly. */
function within<T>(what: string, promise: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`ZooKeeper ${what} took more than 5 s`)), 5000);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

type Callback<T> = (err: unknown, value: T) => void;
const call = <T>(what: string, start: (done: Callback<T>) => void): Promise<T> =>
  within(
    what,
    new Promise<T>((resolve, reject) =>
      start((err, value) => (err ? reject(err) : resolve(value))),
    ),
  );

/** Promisified helpers over `client`; each rejects after 5 s. */
export const zk = {
  children: (client: Client, path: string) =>
    call<string[]>("getChildren", (done) => client.getChildren(path, (e, c) => done(e, c))),
  data: (client: Client, path: string) =>
    call<{ data: string; stat: Stat }>("getData", (done) =>
      client.getData(path, (e, d, stat) => done(e, { data: d?.toString("utf8") ?? "", stat })),
    ),
  mkdirp: (client: Client, path: string) =>
    call<string>("mkdirp", (done) => client.mkdirp(path, (e, p) => done(e, p))),
  create: (client: Client, path: string, data: string) =>
    call<string>("create", (done) =>
      client.create(path, Buffer.from(data), zookeeper.CreateMode.PERSISTENT, (e, p) => done(e, p)),
    ),
  ephemeral: (client: Client, path: string) =>
    call<string>("create", (done) =>
      client.create(path, Buffer.from(""), zookeeper.CreateMode.EPHEMERAL, (e, p) => done(e, p)),
    ),
  remove: (client: Client, path: string) =>
    call<void>("remove", (done) => client.remove(path, -1, (e) => done(e, undefined))),
  exists: (client: Client, path: string) =>
    call<boolean>("exists", (done) => client.exists(path, (e, stat) => done(e, Boolean(stat)))),
  /** Polls (this is an external process) until `path` is gone, for at most `timeoutMs`. */
  async gone(client: Client, path: string, timeoutMs: number): Promise<number> {
    const start = Date.now();
    while (await zk.exists(client, path)) {
      if (Date.now() - start > timeoutMs)
        throw new Error(`${path} still exists after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 50));
    }
    return Date.now() - start;
  },
};
