/**
 * A real dnsmasq for tests: spawned on a free loopback port (UDP and TCP) as an authoritative
 * server for `example.test`, answering only the SRV records it was started with, stopped by its
 * own PID. dnsmasq re-reads hosts files on SIGHUP but not `--srv-host` options, so changing the
 * records means restarting it on the same port with the new list (`setRecords`) and waiting until
 * it answers again. The package's test command installs the Debian package `dnsmasq`; when the
 * binary is missing, starting fails loudly instead of skipping.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { Resolver } from "node:dns/promises";
import { once } from "node:events";
import { freePort } from "./free-port.js";

/** One SRV record to serve: `name` → `target:port`. */
export interface SrvHost {
  readonly name: string;
  readonly target: string;
  readonly port: number;
}

/** A running dnsmasq; every method acts on this process only, by its PID. */
export interface Dnsmasq {
  readonly port: number;
  /** `"127.0.0.1:PORT"`, for the `servers` option. */
  readonly server: string;
  /** The records it serves now. */
  readonly records: readonly SrvHost[];
  /** Restarts dnsmasq with exactly `records` and resolves once it answers. */
  setRecords(records: readonly SrvHost[]): Promise<void>;
  /** Stops the process (SIGTERM) and resolves when it has exited; the port stops answering. */
  stop(): Promise<void>;
  /** Starts it again with the current records and resolves once it answers. */
  start(): Promise<void>;
}

/** Starts dnsmasq on a free loopback port with `records`, every answer carrying `ttlSec`. */
export async function startDnsmasq(
  records: readonly SrvHost[] = [],
  { ttlSec = 0 }: { ttlSec?: number } = {},
): Promise<Dnsmasq> {
  const port = await freePort();
  const server = `127.0.0.1:${port}`;
  let current = [...records];
  let child: ChildProcess | undefined;

  const spawnOnce = async (): Promise<void> => {
    const args = [
      "--keep-in-foreground",
      "--conf-file=/dev/null",
      "--no-resolv",
      "--no-hosts",
      "--no-dhcp-interface=",
      `--port=${port}`,
      "--listen-address=127.0.0.1",
      "--bind-interfaces",
      "--user=root",
      "--pid-file=",
      "--local=/example.test/",
      `--local-ttl=${ttlSec}`,
      ...current.map((r) => `--srv-host=${r.name},${r.target},${r.port}`),
    ];
    const started = spawn("dnsmasq", args, { stdio: ["ignore", "ignore", "pipe"] });
    let log = "";
    started.stderr?.on("data", (d) => {
      log += d;
    });
    const failed = new Promise<never>((_, reject) => {
      started.once("error", (err: NodeJS.ErrnoException) =>
        reject(
          err.code === "ENOENT"
            ? new Error(
                "dnsmasq is not installed: these tests need a real DNS server " +
                  "(apt-get install -y dnsmasq; the package's test command does this)",
              )
            : err,
        ),
      );
      started.once("exit", (code) => reject(new Error(`dnsmasq exited with ${code}:\n${log}`)));
    });
    failed.catch(() => undefined);
    child = started;
    await Promise.race([failed, answering(server)]);
  };

  const stop = async (): Promise<void> => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exited = once(running, "exit");
    if (running.pid !== undefined) process.kill(running.pid, "SIGTERM");
    await exited;
  };

  await spawnOnce();
  return {
    port,
    server,
    get records() {
      return current;
    },
    async setRecords(next) {
      current = [...next];
      await stop();
      await spawnOnce();
    },
    stop,
    start: spawnOnce,
  };
}

/** Polls `server` with a deadline of 10 s until it answers a query (any answer, NXDOMAIN too). */
async function answering(server: string): Promise<void> {
  const resolver = new Resolver({ timeout: 100, tries: 1 });
  resolver.setServers([server]);
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      await resolver.resolveSrv("_probe._tcp.example.test");
      return;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === "ENOTFOUND" || code === "ENODATA") return;
      if (Date.now() > deadline) throw new Error(`dnsmasq at ${server} never answered: ${err}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}
