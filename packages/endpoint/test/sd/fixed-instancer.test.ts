import type { Event } from "../../src/sd/event.js";
import { fixedInstancer } from "../../src/sd/fixed-instancer.js";

describe("fixedInstancer", () => {
  it("hands each subscriber the instances, sorted, at once", () => {
    const instancer = fixedInstancer(["b:1", "a:1"]);
    const events: Event[] = [];
    instancer.subscribe((e) => events.push(e));
    expect(events).toEqual([{ instances: ["a:1", "b:1"] }]);
  });

  it("hands the same instances to a second subscriber", () => {
    const instancer = fixedInstancer(["a:1"]);
    instancer.subscribe(() => {});
    const listener = jest.fn();
    instancer.subscribe(listener);
    expect(listener).toHaveBeenCalledWith({ instances: ["a:1"] });
  });

  it("reports an empty list when given none", () => {
    const listener = jest.fn();
    fixedInstancer([]).subscribe(listener);
    expect(listener).toHaveBeenCalledWith({ instances: [] });
  });

  it("does not change when the caller later mutates its array", () => {
    const given = ["a:1"];
    const instancer = fixedInstancer(given);
    given.push("b:1");
    const listener = jest.fn();
    instancer.subscribe(listener);
    expect(listener).toHaveBeenCalledWith({ instances: ["a:1"] });
  });

  it("accepts unsubscribe and stop without delivering anything more", () => {
    const instancer = fixedInstancer(["a:1"]);
    const listener = jest.fn();
    instancer.subscribe(listener);
    instancer.unsubscribe(listener);
    instancer.stop();
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it("rejects something that is not an array of strings", () => {
    expect(() => fixedInstancer("a:1" as never)).toThrow(TypeError);
    expect(() => fixedInstancer([1] as never)).toThrow(TypeError);
  });
});
