/**
 * A real redis-server for tests: spawned on a free loopback port with persistence off, stopped
 * by its own PID. The package's test command installs the Debian package `redis-server`; when
 * the binary is missing, starting fails loudly instead of skipping.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { freePort } from "@kit/test-servers";

/** A running redis-server; every method acts on this process only, by its PID. */
export interface RedisServer {
  readonly port: number;
  /** Kills the process (SIGKILL) and resolves when it has exited. */
  kill(): Promise<void>;
  /** Starts a fresh process on the same port and resolves when it accepts connections. */
  restart(): Promise<void>;
  /** Freezes the process (SIGSTOP): it holds connections open but answers nothing. */
  pause(): void;
  /** Unfreezes it (SIGCONT). */
  resume(): void;
  /** Stops the process if it runs (SIGTERM, after SIGCONT) and resolves when it has exited. */
  stop(): Promise<void>;
}

/** Spawns redis-server on `port` and resolves once its log says it accepts connections. */
function spawnRedis(port: number): Promise<ChildProcess> {
  const child = spawn(
    "redis-server",
    [
      "--port",
      String(port),
      "--bind",
      "127.0.0.1",
      "--save",
      "",
      "--appendonly",
      "no",
      "--loglevel",
      "notice",
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  return new Promise((resolve, reject) => {
    let log = "";
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`redis-server did not start within 10 s:\n${log}`));
    }, 10_000);
    const done = (err?: Error) => {
      clearTimeout(timer);
      child.stdout?.removeAllListeners("data");
      child.stdout?.resume(); // keep draining the log so redis never blocks on a full pipe
      child.removeAllListeners("exit");
      child.removeAllListeners("error");
      if (err) reject(err);
      else resolve(child);
    };
    child.on("error", (err: NodeJS.ErrnoException) =>
      done(
        err.code === "ENOENT"
          ? new Error(
              "redis-server is not installed: these tests need a real Redis " +
                "(apt-get install -y redis-server; the package's test command does this)",
            )
          : err,
      ),
    );
    child.on("exit", (code) => done(new Error(`redis-server exited with ${code}:\n${log}`)));
    child.stderr?.on("data", (d) => {
      log += d;
    });
    child.stdout?.on("data", (d) => {
      log += d;
      if (log.includes("Ready to accept connections")) done();
    });
  });
}

/** Stops `child` with `signal` and resolves when it has exited. */
async function end(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, "exit");
  if (child.pid !== undefined) process.kill(child.pid, signal);
  await exited;
}

/** Starts redis-server on a free loopback port. */
export async function startRedis(): Promise<RedisServer> {
  const port = await freePort();
  let child = await spawnRedis(port);
  return {
    port,
    kill: () => end(child, "SIGKILL"),
    async restart() {
      child = await spawnRedis(port);
    },
    pause() {
      if (child.pid !== undefined) process.kill(child.pid, "SIGSTOP");
    },
    resume() {
      if (child.pid !== undefined) process.kill(child.pid, "SIGCONT");
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null && child.pid !== undefined)
        process.kill(child.pid, "SIGCONT");
      await end(child, "SIGTERM");
    },
  };
}
