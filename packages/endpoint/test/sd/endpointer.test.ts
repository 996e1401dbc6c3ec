import { background } from "../../src/context.js";
import type { Endpoint } from "../../src/endpoint.js";
import { createEndpointer } from "../../src/sd/endpointer.js";
import type { Factory } from "../../src/sd/factory.js";
import { fixedInstancer } from "../../src/sd/fixed-instancer.js";
import { createInstanceCache } from "../../src/sd/instance-cache.js";
import { flush } from "./support/deferred.js";

type E = Endpoint<void, string>;

/** A factory whose endpoints answer with their instance, and whose closes are recorded. */
function makeFactory() {
  const closed: string[] = [];
  const factory = jest.fn<ReturnType<Factory<void, string>>, [string]>((instance) => ({
    endpoint: async () => instance,
    close: () => {
      closed.push(instance);
    },
  }));
  return { factory, closed };
}

const answers = (endpoints: readonly E[]) =>
  Promise.all(endpoints.map((e) => e(background(), undefined)));

describe("createEndpointer", () => {
  it("subscribes at once and makes one endpoint per instance, sorted by instance", async () => {
    const { factory } = makeFactory();
    const endpointer = createEndpointer(fixedInstancer(["b:1", "a:1", "c:1"]), factory);
    expect(await answers(endpointer.endpoints())).toEqual(["a:1", "b:1", "c:1"]);
    expect(factory).toHaveBeenCalledTimes(3);
  });

  it("reuses the endpoints of instances that stay across updates", () => {
    const cache = createInstanceCache();
    const { factory } = makeFactory();
    cache.update({ instances: ["a:1", "b:1"] });
    const endpointer = createEndpointer(cache, factory);
    const [a] = endpointer.endpoints();
    cache.update({ instances: ["a:1", "b:1", "c:1"] });
    expect(endpointer.endpoints()[0]).toBe(a);
    expect(factory.mock.calls.map(([i]) => i)).toEqual(["a:1", "b:1", "c:1"]);
  });

  it("closes the endpoints of instances that vanish", async () => {
    const cache = createInstanceCache();
    const { factory, closed } = makeFactory();
    cache.update({ instances: ["a:1", "b:1"] });
    const endpointer = createEndpointer(cache, factory);
    cache.update({ instances: ["b:1"] });
    expect(closed).toEqual(["a:1"]);
    expect(await answers(endpointer.endpoints())).toEqual(["b:1"]);
  });

  it("returns the same frozen array until the set changes", () => {
    const cache = createInstanceCache();
    cache.update({ instances: ["a:1"] });
    const endpointer = createEndpointer(cache, makeFactory().factory);
    const first = endpointer.endpoints();
    expect(endpointer.endpoints()).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    cache.update({ instances: ["a:1", "b:1"] });
    expect(endpointer.endpoints()).not.toBe(first);
  });

  it("collapses duplicate instances from a sloppy instancer into one endpoint", () => {
    const instancer = {
      subscribe: (l: (e: { instances: string[] }) => void) => {
        l({ instances: ["a:1", "a:1"] });
      },
      unsubscribe: () => {},
      stop: () => {},
    };
    const { factory } = makeFactory();
    const endpointer = createEndpointer(instancer, factory);
    expect(endpointer.endpoints()).toHaveLength(1);
    expect(factory).toHaveBeenCalledTimes(1);
  });

  it("logs a factory error, skips that instance, and tries it again on the next update", async () => {
    const cache = createInstanceCache();
    const logger = { log: jest.fn() };
    const boom = new Error("bad address");
    let failOnce = true;
    const factory: Factory<void, string> = (instance) => {
      if (instance === "bad" && failOnce) {
        failOnce = false;
        throw boom;
      }
      return { endpoint: async () => instance };
    };
    cache.update({ instances: ["a:1", "bad"] });
    const endpointer = createEndpointer(cache, factory, { logger });
    expect(await answers(endpointer.endpoints())).toEqual(["a:1"]);
    expect(logger.log).toHaveBeenCalledWith(
      expect.objectContaining({ level: "warn", instance: "bad", err: boom }),
    );
    cache.update({ instances: ["a:1", "b:1", "bad"] });
    expect(await answers(endpointer.endpoints())).toEqual(["a:1", "b:1", "bad"]);
  });

  it("treats a factory result without an endpoint function as a factory error", () => {
    const logger = { log: jest.fn() };
    const endpointer = createEndpointer(fixedInstancer(["a:1"]), () => ({}) as never, { logger });
    expect(endpointer.endpoints()).toEqual([]);
    expect(logger.log).toHaveBeenCalledWith(
      expect.objectContaining({ level: "warn", instance: "a:1", err: expect.any(TypeError) }),
    );
  });

  it("logs a close that throws or rejects, and carries on", async () => {
    const cache = createInstanceCache();
    const logger = { log: jest.fn() };
    const thrown = new Error("close threw");
    const rejected = new Error("close rejected");
    const factory: Factory<void, string> = (instance) => ({
      endpoint: async () => instance,
      close:
        instance === "a:1"
          ? () => {
              throw thrown;
            }
          : () => Promise.reject(rejected),
    });
    cache.update({ instances: ["a:1", "b:1"] });
    const endpointer = createEndpointer(cache, factory, { logger });
    cache.update({ instances: [] });
    await flush();
    expect(endpointer.endpoints()).toEqual([]);
    expect(logger.log).toHaveBeenCalledWith(
      expect.objectContaining({ instance: "a:1", err: thrown }),
    );
    expect(logger.log).toHaveBeenCalledWith(
      expect.objectContaining({ instance: "b:1", err: rejected }),
    );
  });

  it("keeps the last known endpoints on an error and logs it", async () => {
    const cache = createInstanceCache();
    const logger = { log: jest.fn() };
    const { factory, closed } = makeFactory();
    cache.update({ instances: ["a:1"] });
    const endpointer = createEndpointer(cache, factory, { logger });
    const error = new Error("etcd unreachable");
    cache.update({ error });
    expect(await answers(endpointer.endpoints())).toEqual(["a:1"]);
    expect(closed).toEqual([]);
    expect(logger.log).toHaveBeenCalledWith(expect.objectContaining({ level: "warn", err: error }));
  });

  describe("with invalidateOnErrorMs", () => {
    function setup(invalidateOnErrorMs: number) {
      let t = 1_000;
      const cache = createInstanceCache();
      const { factory, closed } = makeFactory();
      cache.update({ instances: ["a:1", "b:1"] });
      const endpointer = createEndpointer(cache, factory, { invalidateOnErrorMs, now: () => t });
      return {
        cache,
        factory,
        closed,
        endpointer,
        advance: (ms: number) => {
          t += ms;
        },
      };
    }

    it("keeps the endpoints within the window after an error", () => {
      const { cache, endpointer, advance } = setup(500);
      cache.update({ error: new Error("down") });
      advance(499);
      expect(endpointer.endpoints()).toHaveLength(2);
    });

    it("drops and closes the endpoints once the window has passed", () => {
      const { cache, endpointer, closed, advance } = setup(500);
      cache.update({ error: new Error("down") });
      advance(500);
      expect(endpointer.endpoints()).toEqual([]);
      expect(closed).toEqual(["a:1", "b:1"]);
    });

    it("counts the window from the first error, not from later ones", () => {
      const { cache, endpointer, advance } = setup(500);
      cache.update({ error: new Error("down") });
      advance(300);
      cache.update({ error: new Error("still down") });
      advance(200);
      expect(endpointer.endpoints()).toEqual([]);
    });

    it("restores endpoints on the next good event", async () => {
      const { cache, endpointer, factory, advance } = setup(500);
      cache.update({ error: new Error("down") });
      advance(600);
      expect(endpointer.endpoints()).toEqual([]);
      cache.update({ instances: ["a:1", "b:1"] });
      expect(await answers(endpointer.endpoints())).toEqual(["a:1", "b:1"]);
      expect(factory).toHaveBeenCalledTimes(4);
    });

    it("cancels the pending invalidation when a good event arrives within the window", () => {
      const { cache, endpointer, advance } = setup(500);
      cache.update({ error: new Error("down") });
      advance(100);
      cache.update({ instances: ["a:1", "b:1"] });
      advance(1_000);
      expect(endpointer.endpoints()).toHaveLength(2);
    });

    it("drops the endpoints at the first look when the window is 0", () => {
      const { cache, endpointer } = setup(0);
      cache.update({ error: new Error("down") });
      expect(endpointer.endpoints()).toEqual([]);
    });
  });

  it("closes every endpoint on close() and stops listening", () => {
    const cache = createInstanceCache();
    const { factory, closed } = makeFactory();
    cache.update({ instances: ["a:1", "b:1"] });
    const endpointer = createEndpointer(cache, factory);
    endpointer.close();
    endpointer.close();
    expect(closed).toEqual(["a:1", "b:1"]);
    expect(endpointer.endpoints()).toEqual([]);
    cache.update({ instances: ["c:1"] });
    expect(factory).toHaveBeenCalledTimes(2);
    expect(endpointer.endpoints()).toEqual([]);
  });

  it("unsubscribes its listener from the instancer on close()", () => {
    const instancer = fixedInstancer(["a:1"]);
    const unsubscribe = jest.spyOn(instancer, "unsubscribe");
    const endpointer = createEndpointer(instancer, makeFactory().factory);
    endpointer.close();
    expect(unsubscribe).toHaveBeenCalledTimes(1);
  });

  it("rejects bad configuration with a TypeError", () => {
    const instancer = fixedInstancer([]);
    const { factory } = makeFactory();
    expect(() => createEndpointer({} as never, factory)).toThrow(TypeError);
    expect(() => createEndpointer(instancer, "f" as never)).toThrow(TypeError);
    expect(() => createEndpointer(instancer, factory, { invalidateOnErrorMs: -1 })).toThrow(
      /invalidateOnErrorMs/,
    );
    expect(() => createEndpointer(instancer, factory, { invalidateOnErrorMs: Number.NaN })).toThrow(
      TypeError,
    );
    expect(() => createEndpointer(instancer, factory, { logger: {} as never })).toThrow(TypeError);
    expect(() => createEndpointer(instancer, factory, { now: 5 as never })).toThrow(TypeError);
  });

  it("infers the endpoint type from the factory", () => {
    const endpointer = createEndpointer(fixedInstancer([]), makeFactory().factory);
    // @ts-expect-error the endpoints take no request object and answer strings
    const wrong: readonly Endpoint<{ a: number }, number>[] = endpointer.endpoints();
    expect(wrong).toEqual([]);
  });
});
