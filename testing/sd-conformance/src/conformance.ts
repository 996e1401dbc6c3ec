import type { Instancer, Registrar } from "@kit/endpoint/sd";
import { anError, excluding, including, record } from "./event-recorder.js";

/**
 * A real service-discovery backend under test, as an adapter's test suite sets it up: a running
 * server (etcd, Consul, a DNS server, ZooKeeper, ...) and the adapter's Instancer and Registrar
 * for one service name.
 */
export interface ConformanceBackend {
  /** A new Instancer watching the service. */
  instancer(): Instancer | Promise<Instancer>;
  /** A Registrar that announces `instance` (`host:port`) for the service. */
  registrar(instance: string): Registrar | Promise<Registrar>;
  /** Makes the backend unreachable, for example by stopping its server. */
  stop(): Promise<void>;
  /** Brings the backend back at the same address. */
  restart(): Promise<void>;
  /** Releases the backend and everything the harness started. */
  close(): Promise<void>;
}

/** Options for {@link describeInstancerConformance}. */
export interface ConformanceOptions {
  /** The longest wait for one expected event, in ms. Default 10 000. */
  timeoutMs?: number;
  /**
   * Whether instances registered before an outage are still there after it. Default true; a
   * backend whose registrations end with its session (ZooKeeper's ephemeral nodes, etcd's
   * leases) may legitimately drop them until the registrar renews them.
   */
  keepsInstancesAcrossOutage?: boolean;
}

let port = 20_000;
/** A distinct fake instance address for each registration in the suite. */
const nextInstance = () => `10.0.0.1:${port++}`;

/**
 * Defines the jest suite every service-discovery adapter passes (go-kit's `sd` semantics):
 * a new subscriber gets the current state at once; a registration appears and a deregistration
 * disappears; an outage is reported as an error while the last known instances are kept for new
 * subscribers; discovery resumes when the backend is back; and a stopped instancer delivers
 * nothing more.
 *
 * @example
 * describeInstancerConformance("sd-etcd", async () => etcdBackend(await startEtcd()));
 */
export function describeInstancerConformance(
  name: string,
  setup: () => Promise<ConformanceBackend>,
  options: ConformanceOptions = {},
): void {
  const { timeoutMs = 10_000, keepsInstancesAcrossOutage = true } = options;
  const hookTimeoutMs = 6 * timeoutMs;

  describe(`${name} conforms to the Instancer and Registrar contracts`, () => {
    let backend: ConformanceBackend;
    const cleanups: (() => unknown)[] = [];
    const instancer = async () => {
      const made = await backend.instancer();
      cleanups.push(() => made.stop());
      return made;
    };
    const registered = async (instance: string) => {
      const made = await backend.registrar(instance);
      await made.register();
      cleanups.push(() => made.deregister().catch(() => undefined));
      return made;
    };

    beforeAll(async () => {
      backend = await setup();
    }, hookTimeoutMs);
    afterEach(async () => {
      for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    }, hookTimeoutMs);
    afterAll(() => backend?.close(), hookTimeoutMs);

    it(
      "gives a new subscriber the current instances at once",
      async () => {
        const a = nextInstance();
        await registered(a);
        const watched = await instancer();
        await record(watched).waitFor(including(a), timeoutMs);
        const late = record(watched);
        expect(late.events[0]?.instances).toContain(a);
      },
      hookTimeoutMs,
    );

    it(
      "reports a registered instance, then drops it when deregistered",
      async () => {
        const watcher = record(await instancer());
        const b = nextInstance();
        const registrar = await registered(b);
        await watcher.waitFor(including(b), timeoutMs);
        const seenAt = watcher.events.findIndex(including(b));
        await registrar.deregister();
        await watcher.waitFor(
          (e) => watcher.events.indexOf(e) > seenAt && excluding(b)(e),
          timeoutMs,
        );
      },
      hookTimeoutMs,
    );

    it(
      "stops delivering events once stopped",
      async () => {
        const stopped = await backend.instancer();
        const quiet = record(stopped);
        stopped.stop();
        const seen = quiet.events.length;
        const watcher = record(await instancer());
        const c = nextInstance();
        await registered(c);
        await watcher.waitFor(including(c), timeoutMs);
        expect(quiet.events).toHaveLength(seen);
      },
      hookTimeoutMs,
    );

    it(
      "reports an outage as an error, keeps the last instances, and resumes afterwards",
      async () => {
        const d = nextInstance();
        await registered(d);
        const watched = await instancer();
        const watcher = record(watched);
        await watcher.waitFor(including(d), timeoutMs);
        await backend.stop();
        try {
          await watcher.waitFor(anError, timeoutMs);
          // A new subscriber of the same instancer: a new instancer could not know them.
          const during = record(watched);
          expect(during.events[0]?.instances).toContain(d);
        } finally {
          await backend.restart();
        }
        const e = nextInstance();
        await registered(e);
        const wanted = keepsInstancesAcrossOutage ? including(d, e) : including(e);
        const errorAt = watcher.events.findIndex(anError);
        await watcher.waitFor(
          (ev) => watcher.events.indexOf(ev) > errorAt && wanted(ev),
          timeoutMs,
        );
      },
      hookTimeoutMs,
    );
  });
}
