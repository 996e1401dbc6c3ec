import type { Event } from "../../src/sd/event.js";
import { fixedInstancer } from "../../src/sd/fixed-instancer.js";
import { createInstanceCache } from "../../src/sd/instance-cache.js";
import type { Instancer, InstancerListener } from "../../src/sd/instancer.js";

/** The Instancer contract, run against every implementation in this package. */
const implementations: [string, (instances: string[]) => Instancer][] = [
  ["fixedInstancer", (instances) => fixedInstancer(instances)],
  [
    "createInstanceCache",
    (instances) => {
      const cache = createInstanceCache();
      cache.update({ instances });
      return cache;
    },
  ],
];

describe.each(implementations)("Instancer contract: %s", (_name, make) => {
  it("delivers the current state inside subscribe, before it returns", () => {
    const instancer = make(["a:1"]);
    const events: Event[] = [];
    instancer.subscribe((e) => events.push(e));
    expect(events).toEqual([{ instances: ["a:1"] }]);
  });

  it("ignores unsubscribing a listener it never had", () => {
    const instancer = make(["a:1"]);
    expect(() => instancer.unsubscribe(() => {})).not.toThrow();
  });

  it("can be stopped twice", () => {
    const instancer = make(["a:1"]);
    instancer.stop();
    expect(() => instancer.stop()).not.toThrow();
  });
});

describe("Instancer", () => {
  it("takes listeners of events only", () => {
    const instancer = fixedInstancer(["a:1"]);
    const listener: InstancerListener = (e) => {
      expect(e.instances).toEqual(["a:1"]);
    };
    instancer.subscribe(listener);
    // @ts-expect-error a listener receives an Event, not a list of strings
    const wrong: InstancerListener = (instances: string[]) => instances.length;
    expect(typeof wrong).toBe("function");
  });
});
