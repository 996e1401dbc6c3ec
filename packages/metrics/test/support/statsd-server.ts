import { type ChildProcess, spawn } from "node:child_process";
import { createSocket } from "node:dgram";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { connect, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A running statsd 0.9 daemon on loopback, queried through its management port. */
export interface StatsdServer {
  /** UDP port the daemon receives metrics on. */
  port: number;
  /** Runs a management command (`counters`, `gauges`, `timers`, `health`) and returns its text. */
  command(name: string): Promise<string>;
  /** Parses the daemon's `util.inspect` dump of `counters`, `gauges` or `timers`. */
  read(kind: "counters" | "gauges" | "timers"): Promise<Record<string, number | number[]>>;
  /** Polls `read(kind)` until `accept` returns true for it, or rejects after `timeoutMs`. */
  waitFor(
    kind: "counters" | "gauges" | "timers",
    accept: (values: Record<string, number | number[]>) => boolean,
    timeoutMs?: number,
  ): Promise<Record<string, number | number[]>>;
  close(): Promise<void>;
}

function freeTcpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

function freeUdpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const sock = createSocket("udp4");
    sock.on("error", reject);
    sock.bind(0, "127.0.0.1", () => {
      const { port } = sock.address();
      sock.close(() => resolve(port));
    });
  });
}

/** Parses `{ 'a.b;k=v': 3, x: [ 1, 2 ] }` as util.inspect prints it. */
export function parseInspect(text: string): Record<string, number | number[]> {
  const out: Record<string, number | number[]> = {};
  const entry =
    /(?:'((?:[^'\\]|\\.)*)'|([A-Za-z_$][\w$]*))\s*:\s*(\[[^\]]*\]|-?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?)/g;
  for (const m of text.matchAll(entry)) {
    const key = (m[1] ?? m[2]) as string;
    const raw = m[3] as string;
    out[key] = raw.startsWith("[")
      ? raw
          .slice(1, -1)
          .split(",")
          .map((s) => s.trim())
          .filter((s) => s !== "")
          .map(Number)
      : Number(raw);
  }
  return out;
}

function query(mgmtPort: number, name: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const sock = connect(mgmtPort, "127.0.0.1");
    let text = "";
    sock.setEncoding("utf8");
    sock.on("connect", () => sock.write(`${name}\n`));
    const done = name === "health" ? /health: \w+\n$/ : /END\n\n$/;
    sock.on("data", (d) => {
      text += d;
      if (done.test(text)) {
        sock.end();
        resolve(text.replace(/END\n\n$/, ""));
      }
    });
    sock.on("error", reject);
    sock.on("close", () => reject(new Error(`statsd management closed before END: ${text}`)));
  });
}

/** Starts `node statsd/stats.js config.js` on free loopback ports; resolves when it is healthy. */
export async function startStatsd(timeoutMs = 10_000): Promise<StatsdServer> {
  const [port, mgmtPort] = [await freeUdpPort(), await freeTcpPort()];
  const dir = mkdtempSync(join(tmpdir(), "kit-statsd-"));
  const config = join(dir, "config.js");
  writeFileSync(
    config,
    `(${JSON.stringify({
      port,
      mgmt_port: mgmtPort,
      address: "127.0.0.1",
      mgmt_address: "127.0.0.1",
      backends: [],
      flushInterval: 3_600_000,
    })})\n`,
  );
  const child: ChildProcess = spawn(
    process.execPath,
    [require.resolve("statsd/stats.js"), config],
    {
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let log = "";
  child.stdout?.on("data", (d) => {
    log += d;
  });
  child.stderr?.on("data", (d) => {
    log += d;
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));

  const close = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };

  const read = async (kind: "counters" | "gauges" | "timers") =>
    parseInspect(await query(mgmtPort, kind));

  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) {
      await close();
      throw new Error(`statsd exited with ${child.exitCode}: ${log}`);
    }
    try {
      if ((await query(mgmtPort, "health")).includes("up")) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await close();
      throw new Error(`statsd did not become healthy in ${timeoutMs} ms: ${log}`);
    }
    await new Promise((r) => setImmediate(r));
  }

  // The UDP socket binds independently of the management port: wait until a probe is counted.
  const probe = createSocket("udp4");
  try {
    for (;;) {
      await new Promise<void>((r) => probe.send("kit.probe:1|c", port, "127.0.0.1", () => r()));
      if ("kit.probe" in (await read("counters"))) break;
      if (Date.now() > deadline) {
        await close();
        throw new Error(`statsd never counted a probe in ${timeoutMs} ms: ${log}`);
      }
      await new Promise((r) => setImmediate(r));
    }
  } finally {
    probe.close();
  }

  return {
    port,
    command: (name) => query(mgmtPort, name),
    read,
    async waitFor(kind, accept, waitMs = 5_000) {
      const until = Date.now() + waitMs;
      for (;;) {
        const values = await read(kind);
        if (accept(values)) return values;
        if (Date.now() > until)
          throw new Error(
            `statsd ${kind} never matched within ${waitMs} ms: ${JSON.stringify(values)}`,
          );
        await new Promise((r) => setImmediate(r));
      }
    },
    close,
  };
}
