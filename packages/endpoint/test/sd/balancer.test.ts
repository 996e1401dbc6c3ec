import { isKitError } from "../../src/errors.js";
import type { Balancer } from "../../src/sd/balancer.js";
import { noEndpointsError } from "../../src/sd/balancer.js";
import { leastPending } from "../../src/sd/least-pending.js";
import { random } from "../../src/sd/random.js";
import { roundRobin } from "../../src/sd/round-robin.js";
import { stubEndpointer } from "./support/endpoints.js";

describe("noEndpointsError", () => {
  it("is a KitError unavailable saying no endpoints are available", () => {
    const err = noEndpointsError();
    expect(isKitError(err)).toBe(true);
    expect(err.code).toBe("unavailable");
    expect(err.message).toBe("no endpoints available");
  });

  it("is a fresh error each time", () => {
    expect(noEndpointsError()).not.toBe(noEndpointsError());
  });
});

describe("every balancer", () => {
  const makers: [
    string,
    (e: ReturnType<typeof stubEndpointer<void, string>>) => Balancer<void, string>,
  ][] = [
    ["roundRobin", (e) => roundRobin(e)],
    ["random", (e) => random(e)],
    ["leastPending", (e) => leastPending(e)],
  ];

  it.each(makers)("%s throws unavailable when the endpointer has no endpoints", (_name, make) => {
    const balancer = make(stubEndpointer<void, string>([]));
    expect(() => balancer.endpoint()).toThrow(
      expect.objectContaining({ code: "unavailable", message: "no endpoints available" }),
    );
  });

  it.each(makers)("%s rejects something that is not an endpointer", (_name, make) => {
    expect(() => make({} as never)).toThrow(TypeError);
  });
});
