/**
 * A real ZooKeeper server for tests: the JVM is started directly (no zkServer.sh fork) from the
 * jars Debian's `zookeeper` package puts in /usr/share/java, on a free loopback port, with a
 * temp data dir, tickTime 200 ms and sessions clamped to 400..2000 ms so expiry is quick. It is
 * stopped by its own PID. When the jars or `java` are missing, starting fails loudly.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { connect as netConnect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "./free-port.js";

const JARS = "/usr/share/java";
const CLASSPATH = [
  "zookeeper.jar",
  "zookeeper-jute.jar",
  "slf4j-api.jar",
  "slf4j-nop.jar",
  "netty-handler.jar",
  "netty-transport.jar",
  "netty-common.jar",
  "netty-buffer.jar",
  "netty-codec.jar",
  "netty-resolver.jar",
  "netty-transport-native-epoll.jar",
  "netty-transport-native-unix-common.jar",
  "metrics-core.jar",
  "commons-cli.jar",
  "commons-io.jar",
  "snappy-java.jar",
].map((jar) => join(JARS, jar));

/** The shortest session timeout the test server grants, in ms. */
export const MIN_SESSION_MS = 400;
/** The longest session timeout the test server grants, in ms. */
export const MAX_SESSION_MS = 2000;

/** A running ZooKeeper; every method acts on this JVM only, by its PID. */
export interface ZooKeeperServer {
  readonly port: number;
  /** `127.0.0.1:<port>`. */
  readonly connect: string;
  /** Kills the JVM (SIGKILL) and resolves when it has exited. */
  kill(): Promise<void>;
  /**
   * Starts a new JVM on the same port and resolves when it answers `ruok`. With `wipe`, the data
   * dir is emptied first, so every session and node is gone (clients see their session expire).
   */
  restart(options?: { wipe?: boolean }): Promise<void>;
  /** Kills the JVM if it runs and removes the temp dirs. */
  stop(): Promise<void>;
}

/** Sends a four-letter word and resolves with the answer ("" on any failure). */
export function fourLetter(port: number, word: string): Promise<string> {
  return new Promise((resolve) => {
    let out = "";
    const socket = netConnect({ port, host: "127.0.0.1" }, () => socket.end(word));
    socket.setTimeout(1000, () => socket.destroy());
    socket.on("data", (d) => {
      out += d;
    });
    socket.on("error", () => resolve(""));
    socket.on("close", () => resolve(out));
  });
}

function checkInstalled(): void {
  const missing = CLASSPATH.filter((jar) => !existsSync(jar));
  if (missing.length > 0) {
    throw new Error(
      `ZooKeeper is not installed (missing ${missing.join(", ")}): these tests need a real ZooKeeper ` +
        "(apt-get install -y zookeeper; the package's test command does this)",
    );
  }
}

async function spawnZooKeeper(config: string, port: number, logDir: string): Promise<ChildProcess> {
  const child = spawn(
    "java",
    [
      "-Xmx256m",
      "-XX:+UseSerialGC",
      "-Xshare:auto",
      `-Dzookeeper.log.dir=${logDir}`,
      "-cp",
      CLASSPATH.join(":"),
      "org.apache.zookeeper.server.ZooKeeperServerMain",
      config,
    ],
    { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ZOO_LOG_DIR: logDir } },
  );
  let log = "";
  child.stdout?.on("data", (d) => {
    log = (log + d).slice(-4000);
  });
  child.stderr?.on("data", (d) => {
    log = (log + d).slice(-4000);
  });
  const failure = new Promise<never>((_, reject) => {
    child.once("error", (err: NodeJS.ErrnoException) =>
      reject(
        err.code === "ENOENT"
          ? new Error(
              "java is not installed: these tests need a JRE (apt-get install -y zookeeper)",
            )
          : err,
      ),
    );
    child.once("exit", (code) => reject(new Error(`ZooKeeper exited with ${code}:\n${log}`)));
  });
  failure.catch(() => undefined);
  const deadline = Date.now() + 30_000;
  for (;;) {
    const answer = await Promise.race([fourLetter(port, "ruok"), failure]);
    if (answer === "imok") break;
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`ZooKeeper did not answer ruok within 30 s:\n${log}`);
    }
    await Promise.race([new Promise((r) => setTimeout(r, 100)), failure]);
  }
  child.removeAllListeners("exit");
  child.removeAllListeners("error");
  child.on("error", () => undefined);
  return child;
}

async function end(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, "exit");
  if (child.pid !== undefined) process.kill(child.pid, "SIGKILL");
  await exited;
}

/** Starts ZooKeeper on a free loopback port. */
export async function startZooKeeper(): Promise<ZooKeeperServer> {
  checkInstalled();
  const root = mkdtempSync(join(tmpdir(), "kit-zk-"));
  const dataDir = join(root, "data");
  const logDir = join(root, "log");
  mkdirSync(dataDir);
  mkdirSync(logDir);
  const port = await freePort();
  const config = join(root, "zoo.cfg");
  writeFileSync(
    config,
    [
      "tickTime=200",
      `dataDir=${dataDir}`,
      `clientPort=${port}`,
      "clientPortAddress=127.0.0.1",
      "admin.enableServer=false",
      `minSessionTimeout=${MIN_SESSION_MS}`,
      `maxSessionTimeout=${MAX_SESSION_MS}`,
      "4lw.commands.whitelist=*",
      "",
    ].join("\n"),
  );
  let child = await spawnZooKeeper(config, port, logDir);
  return {
    port,
    connect: `127.0.0.1:${port}`,
    kill: () => end(child),
    async restart({ wipe = false } = {}) {
      await end(child);
      if (wipe) {
        rmSync(dataDir, { recursive: true, force: true });
        mkdirSync(dataDir);
      }
      child = await spawnZooKeeper(config, port, logDir);
    },
    async stop() {
      await end(child);
      rmSync(root, { recursive: true, force: true });
    },
  };
}
