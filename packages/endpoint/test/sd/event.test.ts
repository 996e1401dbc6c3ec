import type { Event } from "../../src/sd/event.js";

/** What a subscriber does with an event: narrow on `error`, then use the instances. */
function describeEvent(event: Event): string {
  if (event.error !== undefined) return `error: ${event.error.message}`;
  return `instances: ${event.instances.join(",")}`;
}

describe("Event", () => {
  it("narrows to its instances when it carries no error", () => {
    expect(describeEvent({ instances: ["a:1", "b:1"] })).toBe("instances: a:1,b:1");
  });

  it("narrows to its error when it carries one", () => {
    expect(describeEvent({ error: new Error("down") })).toBe("error: down");
  });

  it("cannot carry both instances and an error", () => {
    // @ts-expect-error an error event carries no instances
    const both: Event = { instances: ["a:1"], error: new Error("down") };
    expect(both.error).toBeInstanceOf(Error);
  });

  it("needs one of instances or error", () => {
    // @ts-expect-error an event is either a set of instances or an error
    const neither: Event = {};
    expect(neither).toEqual({});
  });
});
