import type { Event } from "../../src/sd/event.js";
import { createInstanceCache, normalize } from "../../src/sd/instance-cache.js";

function recorder() {
  const events: Event[] = [];
  const listener = jest.fn((event: Event) => {
    events.push(event);
  });
  return { events, listener };
}

describe("createInstanceCache", () => {
  it("starts with no instances and hands them to a new subscriber at once", () => {
    const cache = createInstanceCache();
    const { events, listener } = recorder();
    cache.subscribe(listener);
    expect(events).toEqual([{ instances: [] }]);
    expect(cache.state()).toEqual({ instances: [] });
  });

  it("hands a new subscriber the current instances synchronously inside subscribe", () => {
    const cache = createInstanceCache();
    cache.update({ instances: ["b:1", "a:1"] });
    const { events, listener } = recorder();
    cache.subscribe(listener);
    expect(events).toEqual([{ instances: ["a:1", "b:1"] }]);
  });

  it("broadcasts a changed set, sorted, to every subscriber", () => {
    const cache = createInstanceCache();
    const one = recorder();
    const two = recorder();
    cache.subscribe(one.listener);
    cache.subscribe(two.listener);
    cache.update({ instances: ["c:1", "a:1"] });
    expect(one.events.at(-1)).toEqual({ instances: ["a:1", "c:1"] });
    expect(two.events.at(-1)).toEqual({ instances: ["a:1", "c:1"] });
    expect(cache.state()).toEqual({ instances: ["a:1", "c:1"] });
  });

  it("does not broadcast a set that differs only in order or duplicates", () => {
    const cache = createInstanceCache();
    cache.update({ instances: ["a:1", "b:1"] });
    const { listener } = recorder();
    cache.subscribe(listener);
    cache.update({ instances: ["b:1", "a:1"] });
    cache.update({ instances: ["a:1", "b:1", "a:1"] });
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it("delivers an error as an error and reports it as the state", () => {
    const cache = createInstanceCache();
    cache.update({ instances: ["a:1"] });
    const { events, listener } = recorder();
    cache.subscribe(listener);
    const error = new Error("etcd unreachable");
    cache.update({ error });
    expect(events.at(-1)).toEqual({ error });
    expect(events.at(-1)?.instances).toBeUndefined();
    expect(cache.state()).toEqual({ error });
  });

  it("keeps the last instances through an error and hands them to a later subscriber first", () => {
    const cache = createInstanceCache();
    cache.update({ instances: ["a:1", "b:1"] });
    const error = new Error("etcd unreachable");
    cache.update({ error });
    const { events, listener } = recorder();
    cache.subscribe(listener);
    expect(events).toEqual([{ instances: ["a:1", "b:1"] }, { error }]);
  });

  it("hands only the error to a later subscriber when no instances were ever known", () => {
    const cache = createInstanceCache();
    const error = new Error("etcd unreachable");
    cache.update({ error });
    const { events, listener } = recorder();
    cache.subscribe(listener);
    expect(events).toEqual([{ error }]);
  });

  it("broadcasts the same instances again when they follow an error", () => {
    const cache = createInstanceCache();
    cache.update({ instances: ["a:1"] });
    cache.update({ error: new Error("blip") });
    const { events, listener } = recorder();
    cache.subscribe(listener);
    cache.update({ instances: ["a:1"] });
    expect(events.at(-1)).toEqual({ instances: ["a:1"] });
    expect(cache.state()).toEqual({ instances: ["a:1"] });
  });

  it("does not repeat an error with the same name and message, but delivers a different one", () => {
    const cache = createInstanceCache();
    const { listener } = recorder();
    cache.subscribe(listener);
    cache.update({ error: new Error("timeout") });
    cache.update({ error: new Error("timeout") });
    expect(listener).toHaveBeenCalledTimes(2);
    cache.update({ error: new Error("refused") });
    expect(listener).toHaveBeenCalledTimes(3);
  });

  it("stops delivering to an unsubscribed listener", () => {
    const cache = createInstanceCache();
    const { listener } = recorder();
    cache.subscribe(listener);
    cache.unsubscribe(listener);
    cache.update({ instances: ["a:1"] });
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it("delivers once to a listener subscribed twice", () => {
    const cache = createInstanceCache();
    const { listener } = recorder();
    cache.subscribe(listener);
    cache.subscribe(listener);
    cache.update({ instances: ["a:1"] });
    expect(listener).toHaveBeenCalledTimes(2);
  });

  it("lets a listener unsubscribe another during a broadcast", () => {
    const cache = createInstanceCache();
    const second = recorder();
    const first = jest.fn(() => cache.unsubscribe(second.listener));
    cache.subscribe(first);
    cache.subscribe(second.listener);
    cache.update({ instances: ["a:1"] });
    expect(second.events).toEqual([{ instances: [] }]);
  });

  it("logs a listener that throws and still delivers to the others", () => {
    const logger = { log: jest.fn() };
    const cache = createInstanceCache({ logger });
    const boom = new Error("listener bug");
    cache.subscribe((event) => {
      if (event.instances?.length) throw boom;
    });
    const { events, listener } = recorder();
    cache.subscribe(listener);
    cache.update({ instances: ["a:1"] });
    expect(events.at(-1)).toEqual({ instances: ["a:1"] });
    expect(logger.log).toHaveBeenCalledWith(expect.objectContaining({ level: "error", err: boom }));
  });

  it("drops every subscriber on stop", () => {
    const cache = createInstanceCache();
    const { listener } = recorder();
    cache.subscribe(listener);
    cache.stop();
    cache.update({ instances: ["a:1"] });
    expect(listener).toHaveBeenCalledTimes(1);
    expect(cache.state()).toEqual({ instances: ["a:1"] });
  });

  it("neither mutates the given list nor lets the state be mutated", () => {
    const cache = createInstanceCache();
    const given = ["b:1", "a:1"];
    cache.update({ instances: given });
    expect(given).toEqual(["b:1", "a:1"]);
    expect(Object.isFrozen(cache.state().instances)).toBe(true);
  });

  it("rejects an event with neither instances nor error", () => {
    const cache = createInstanceCache();
    expect(() => cache.update({} as Event)).toThrow(TypeError);
  });

  it("rejects a logger without a log method", () => {
    expect(() => createInstanceCache({ logger: {} as never })).toThrow(TypeError);
  });
});

describe("normalize", () => {
  it("sorts and removes duplicates", () => {
    expect(normalize(["c", "a", "c", "b", "a"])).toEqual(["a", "b", "c"]);
  });
});
