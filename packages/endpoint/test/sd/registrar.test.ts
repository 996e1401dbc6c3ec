import type { Event } from "../../src/sd/event.js";
import { createInstanceCache } from "../../src/sd/instance-cache.js";
import type { Registrar } from "../../src/sd/registrar.js";

/** An in-memory registry: what an adapter's Registrar and Instancer do against a backend. */
function memoryRegistry() {
  const members = new Set<string>();
  const cache = createInstanceCache();
  const registrar = (instance: string): Registrar => ({
    async register() {
      members.add(instance);
      cache.update({ instances: [...members] });
    },
    async deregister() {
      members.delete(instance);
      cache.update({ instances: [...members] });
    },
  });
  return { registrar, instancer: cache };
}

describe("Registrar", () => {
  it("announces an instance that an instancer then reports, and withdraws it", async () => {
    const { registrar, instancer } = memoryRegistry();
    const events: Event[] = [];
    instancer.subscribe((e) => events.push(e));
    const one = registrar("a:1");
    await one.register();
    await registrar("b:1").register();
    await one.deregister();
    expect(events.map((e) => e.instances)).toEqual([[], ["a:1"], ["a:1", "b:1"], ["b:1"]]);
  });

  it("is asynchronous in both directions", () => {
    // @ts-expect-error register must return a promise: backends are network calls
    const sync: Registrar = { register: () => undefined, deregister: async () => undefined };
    expect(typeof sync.deregister).toBe("function");
  });
});
