import type { Logger } from "@kit/endpoint";
import { isKitError } from "@kit/endpoint";
import type { Event } from "@kit/endpoint/sd";
import { anError, including, record } from "@kit/sd-conformance";
import { type Dnsmasq, startDnsmasq } from "@kit/test-servers";
import type { SrvAnswer } from "../src/dns-message.js";
import { createSrvInstancer } from "../src/srv-instancer.js";

const name = "_addsvc._tcp.example.test";
const records = [
  { name, target: "a.example.test", port: 8080 },
  { name, target: "10.0.0.2", port: 8081 },
];

/** A logger that remembers its records and resolves a promise for the first matching one. */
function recordingLogger() {
  const lines: Record<string, unknown>[] = [];
  const waiters: (() => void)[] = [];
  const logger: Logger = {
    log(fields) {
      lines.push(fields);
      for (const wake of waiters.splice(0)) wake();
    },
  };
  const next = async (match: (l: Record<string, unknown>) => boolean) => {
    for (;;) {
      const found = lines.find(match);
      if (found) return found;
      await new Promise<void>((r) => waiters.push(r));
    }
  };
  const delays = () =>
    lines.filter((l) => l.msg === "sd-dns: next lookup").map((l) => l.delay_ms as number);
  return { logger, lines, next, delays };
}

const scheduled = (l: Record<string, unknown>) => l.msg === "sd-dns: next lookup";

describe("createSrvInstancer against a real dnsmasq", () => {
  let dns: Dnsmasq;
  let ttlDns: Dnsmasq;
  const stops: (() => void)[] = [];
  const make = (options: Partial<Parameters<typeof createSrvInstancer>[0]> = {}) => {
    const instancer = createSrvInstancer({
      name,
      intervalMs: 50,
      timeoutMs: 200,
      servers: [dns.server],
      ...options,
      maxBackoffMs: Math.max(200, options.intervalMs ?? 50),
    });
    stops.push(() => instancer.stop());
    return instancer;
  };

  beforeAll(async () => {
    dns = await startDnsmasq(records);
    ttlDns = await startDnsmasq(records, { ttlSec: 2 });
  });
  afterEach(() => {
    for (const stop of stops.splice(0)) stop();
  });
  afterAll(async () => {
    await dns?.stop();
    await ttlDns?.stop();
  });

  it("reports each SRV record as target:port", async () => {
    const watcher = record(make());
    const event = await watcher.waitFor(including("a.example.test:8080"), 5000);
    expect(event.instances).toEqual(["10.0.0.2:8081", "a.example.test:8080"]);
  });

  it("reports a name that does not exist as an empty set, not an error", async () => {
    const log = recordingLogger();
    const watcher = record(make({ name: "_missing._tcp.example.test", logger: log.logger }));
    await log.next(scheduled);
    expect(watcher.events).toEqual([{ instances: [] }]);
  });

  it("reports a refused lookup as an unavailable error", async () => {
    const watcher = record(make({ name: "_addsvc._tcp.elsewhere.test" }));
    const event = await watcher.waitFor(anError, 5000);
    expect(isKitError(event.error) && event.error.code).toBe("unavailable");
    expect(event.error?.cause).toMatchObject({ code: "EREFUSED" });
  });

  it("schedules the next lookup after the records' TTL when it is shorter than intervalMs", async () => {
    const log = recordingLogger();
    make({ servers: [ttlDns.server], intervalMs: 10_000, logger: log.logger });
    expect((await log.next(scheduled)).delay_ms).toBe(2000);
  });

  it("schedules the next lookup after intervalMs when the TTL is longer", async () => {
    const log = recordingLogger();
    make({ servers: [ttlDns.server], intervalMs: 1500, logger: log.logger });
    expect((await log.next(scheduled)).delay_ms).toBe(1500);
  });

  it("never polls sooner than minIntervalMs, even with a zero TTL", async () => {
    const log = recordingLogger();
    make({ intervalMs: 10_000, minIntervalMs: 300, logger: log.logger });
    expect((await log.next(scheduled)).delay_ms).toBe(300);
  });

  it("ignores the TTL and uses node:dns when ttlAware is false", async () => {
    const log = recordingLogger();
    const watcher = record(
      make({ servers: [ttlDns.server], intervalMs: 3000, ttlAware: false, logger: log.logger }),
    );
    expect((await log.next(scheduled)).delay_ms).toBe(3000);
    expect(watcher.events.at(-1)?.instances).toEqual(["10.0.0.2:8081", "a.example.test:8080"]);
  });

  it("keeps the last instances through an outage, backs off, and resumes when dnsmasq is back", async () => {
    const own = await startDnsmasq(records);
    try {
      const log = recordingLogger();
      const instancer = make({ servers: [own.server], logger: log.logger, random: () => 0.999 });
      const watcher = record(instancer);
      await watcher.waitFor(including("a.example.test:8080"), 5000);
      await own.stop();
      const failure = await watcher.waitFor(anError, 5000);
      expect(isKitError(failure.error) && failure.error.code).toBe("unavailable");
      const late = record(instancer);
      expect(late.events[0]?.instances).toEqual(["10.0.0.2:8081", "a.example.test:8080"]);
      expect(late.events[1]).toBe(failure);
      await log.next((l) => l.msg === "sd-dns: lookup failed" && l.failures === 3);
      const firstFailure = log.lines.findIndex((l) => l.msg === "sd-dns: lookup failed");
      const backoff = log.lines.slice(firstFailure).filter(scheduled);
      expect(backoff.slice(0, 3).map((l) => l.delay_ms)).toEqual([50, 100, 200]);
      await own.setRecords([records[0] as (typeof records)[0]]);
      const errorAt = watcher.events.indexOf(failure);
      await watcher.waitFor(
        (e: Event) => watcher.events.indexOf(e) > errorAt && e.instances?.length === 1,
        5000,
      );
      expect(watcher.events.at(-1)).toEqual({ instances: ["a.example.test:8080"] });
    } finally {
      await own.stop();
    }
  });
});

describe("createSrvInstancer scheduling (fake timers, injected resolver)", () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  const answer = (ttlSec?: number): SrvAnswer => ({
    records: [{ target: "b.example.", port: 9000, priority: 0, weight: 0 }],
    ttlSec,
  });

  it("strips the trailing dot of a target and skips the '.' target", async () => {
    const instancer = createSrvInstancer({
      name,
      intervalMs: 1000,
      resolver: async () => ({
        records: [...answer().records, { target: ".", port: 0, priority: 0, weight: 0 }],
      }),
    });
    const watcher = record(instancer);
    await jest.advanceTimersByTimeAsync(0);
    expect(watcher.events.at(-1)).toEqual({ instances: ["b.example:9000"] });
    instancer.stop();
  });

  it("polls every intervalMs while the answer has no TTL", async () => {
    const resolver = jest.fn(async () => answer());
    const instancer = createSrvInstancer({ name, intervalMs: 1000, resolver });
    await jest.advanceTimersByTimeAsync(0);
    expect(resolver).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(999);
    expect(resolver).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(resolver).toHaveBeenCalledTimes(2);
    instancer.stop();
  });

  it("never starts a lookup while one is in flight", async () => {
    let release: (a: SrvAnswer) => void = () => undefined;
    const resolver = jest.fn(() => new Promise<SrvAnswer>((r) => (release = r)));
    const instancer = createSrvInstancer({ name, intervalMs: 100, resolver });
    await jest.advanceTimersByTimeAsync(10_000);
    expect(resolver).toHaveBeenCalledTimes(1);
    release(answer());
    await jest.advanceTimersByTimeAsync(100);
    expect(resolver).toHaveBeenCalledTimes(2);
    instancer.stop();
  });

  it("backs off exponentially with jitter up to maxBackoffMs, and resets after a success", async () => {
    const log = recordingLogger();
    let fail = true;
    const resolver = jest.fn(async () => {
      if (fail) throw new Error("down");
      return answer();
    });
    const instancer = createSrvInstancer({
      name,
      intervalMs: 100,
      maxBackoffMs: 400,
      resolver,
      logger: log.logger,
      random: () => 0,
    });
    await jest.advanceTimersByTimeAsync(50 + 100 + 200 + 200);
    expect(log.delays()).toEqual([50, 100, 200, 200, 200]);
    fail = false;
    await jest.advanceTimersByTimeAsync(200);
    expect(log.delays().at(-1)).toBe(100);
    instancer.stop();
  });

  it("reports an error only once while the same failure repeats", async () => {
    const instancer = createSrvInstancer({
      name,
      intervalMs: 100,
      maxBackoffMs: 100,
      resolver: async () => {
        throw new Error("down");
      },
    });
    const watcher = record(instancer);
    await jest.advanceTimersByTimeAsync(1000);
    expect(watcher.events.filter(anError)).toHaveLength(1);
    instancer.stop();
  });

  it("treats a resolver that throws synchronously as a failed lookup", async () => {
    const instancer = createSrvInstancer({
      name,
      intervalMs: 100,
      resolver: () => {
        throw new Error("sync");
      },
    });
    const watcher = record(instancer);
    await jest.advanceTimersByTimeAsync(0);
    expect(watcher.events.at(-1)?.error?.cause).toEqual(new Error("sync"));
    instancer.stop();
  });

  it("makes no lookup and delivers nothing after stop, even for a lookup in flight", async () => {
    let release: (a: SrvAnswer) => void = () => undefined;
    const resolver = jest.fn(() => new Promise<SrvAnswer>((r) => (release = r)));
    const instancer = createSrvInstancer({ name, intervalMs: 100, resolver });
    const watcher = record(instancer);
    instancer.stop();
    release(answer());
    await jest.advanceTimersByTimeAsync(10_000);
    expect(resolver).toHaveBeenCalledTimes(1);
    expect(watcher.events).toEqual([{ instances: [] }]);
    expect(jest.getTimerCount()).toBe(0);
  });

  it("clears its timer on stop", async () => {
    const instancer = createSrvInstancer({ name, intervalMs: 100, resolver: async () => answer() });
    await jest.advanceTimersByTimeAsync(0);
    expect(jest.getTimerCount()).toBe(1);
    instancer.stop();
    expect(jest.getTimerCount()).toBe(0);
  });
});

describe("createSrvInstancer options", () => {
  const resolver = async (): Promise<SrvAnswer> => ({ records: [] });
  it.each([
    ["an empty name", { name: "", intervalMs: 100 }],
    ["a zero intervalMs", { name, intervalMs: 0 }],
    ["a non-finite intervalMs", { name, intervalMs: Number.POSITIVE_INFINITY }],
    ["minIntervalMs above intervalMs", { name, intervalMs: 100, minIntervalMs: 200 }],
    ["maxBackoffMs below intervalMs", { name, intervalMs: 100, maxBackoffMs: 50 }],
    ["a bad server", { name, intervalMs: 100, servers: ["127.0.0.1:99999"], resolver: undefined }],
    ["a non-function resolver", { name, intervalMs: 100, resolver: "x" }],
    ["a logger without log", { name, intervalMs: 100, logger: {} }],
  ])("throws a TypeError for %s", (_label, options) => {
    expect(() =>
      createSrvInstancer({ resolver, ...options } as Parameters<typeof createSrvInstancer>[0]),
    ).toThrow(TypeError);
  });
});
