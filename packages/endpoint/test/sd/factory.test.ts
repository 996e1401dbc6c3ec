import { background } from "../../src/context.js";
import type { Factory, FactoryResult } from "../../src/sd/factory.js";

describe("Factory", () => {
  it("makes an endpoint for an instance, with an optional close", async () => {
    const closed: string[] = [];
    const factory: Factory<{ a: number; b: number }, { v: number }> = (instance) => ({
      endpoint: async (_ctx, { a, b }) => ({ v: a + b }),
      close: async () => {
        closed.push(instance);
      },
    });
    const made: FactoryResult<{ a: number; b: number }, { v: number }> = factory("a:1");
    await expect(made.endpoint(background(), { a: 1, b: 2 })).resolves.toEqual({ v: 3 });
    await made.close?.();
    expect(closed).toEqual(["a:1"]);
  });

  it("may leave close out", () => {
    const factory: Factory<void, string> = (instance) => ({ endpoint: async () => instance });
    expect(factory("a:1").close).toBeUndefined();
  });

  it("ties the endpoint to its request and response types", () => {
    // @ts-expect-error the endpoint answers a string where a number is declared
    const wrong: Factory<void, number> = () => ({ endpoint: async () => "nope" });
    expect(typeof wrong).toBe("function");
  });
});
