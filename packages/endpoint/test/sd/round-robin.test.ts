import { background } from "../../src/context.js";
import type { Endpoint } from "../../src/endpoint.js";
import { roundRobin } from "../../src/sd/round-robin.js";
import { named, stubEndpointer } from "./support/endpoints.js";

const call = (e: Endpoint<void, string>) => e(background(), undefined);

describe("roundRobin", () => {
  it("cycles through the endpoints in order, starting with the first", async () => {
    const balancer = roundRobin(stubEndpointer(named("a", "b", "c")));
    const picks: string[] = [];
    for (let i = 0; i < 7; i++) picks.push(await call(balancer.endpoint()));
    expect(picks).toEqual(["a", "b", "c", "a", "b", "c", "a"]);
  });

  it("throws unavailable when there are no endpoints", () => {
    const balancer = roundRobin(stubEndpointer<void, string>([]));
    expect(() => balancer.endpoint()).toThrow(expect.objectContaining({ code: "unavailable" }));
  });

  it("stays in range when the set shrinks", async () => {
    const endpointer = stubEndpointer(named("a", "b", "c"));
    const balancer = roundRobin(endpointer);
    balancer.endpoint();
    balancer.endpoint();
    endpointer.set(named("x"));
    expect(await call(balancer.endpoint())).toBe("x");
    expect(await call(balancer.endpoint())).toBe("x");
  });

  it("picks up endpoints that appear later", async () => {
    const endpointer = stubEndpointer<void, string>([]);
    const balancer = roundRobin(endpointer);
    expect(() => balancer.endpoint()).toThrow();
    endpointer.set(named("a"));
    expect(await call(balancer.endpoint())).toBe("a");
  });

  it("rejects something that is not an endpointer", () => {
    expect(() => roundRobin(undefined as never)).toThrow(TypeError);
  });
});
