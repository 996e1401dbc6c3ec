import { background } from "../../src/context.js";
import * as sd from "../../src/sd/index.js";

describe("@kit/endpoint/sd", () => {
  it("exports exactly the runtime API, by name", () => {
    expect(Object.keys(sd).sort()).toEqual([
      "createEndpointer",
      "createInstanceCache",
      "fixedInstancer",
      "leastPending",
      "random",
      "retry",
      "roundRobin",
    ]);
  });

  it("wires the pieces together: instancer, endpointer, balancer, retry", async () => {
    const endpointer = sd.createEndpointer(sd.fixedInstancer(["a:1", "b:1"]), (instance) => ({
      endpoint: async (_ctx, req: string) => `${instance} ${req}`,
    }));
    const call = sd.retry(2, 1_000, sd.roundRobin(endpointer));
    await expect(call(background(), "hi")).resolves.toBe("a:1 hi");
    await expect(call(background(), "hi")).resolves.toBe("b:1 hi");
    endpointer.close();
  });
});
