import type { Instancer } from "@kit/endpoint/sd";
import type { SrvAnswer, SrvInstancerOptions, SrvLookup } from "../src/index.js";
import * as root from "../src/index.js";
import { createSrvInstancer } from "../src/index.js";

describe("the package root", () => {
  it("exports exactly the documented runtime names", () => {
    expect(Object.keys(root).sort()).toEqual(["createSrvInstancer", "createSrvLookup"]);
  });

  it("gives an Instancer that accepts any SrvLookup as resolver", () => {
    const resolver: SrvLookup = async (): Promise<SrvAnswer> => ({ records: [], ttlSec: 5 });
    const options: SrvInstancerOptions = { name: "_a._tcp.example", intervalMs: 1000, resolver };
    const instancer: Instancer = createSrvInstancer(options);
    instancer.stop();
    // @ts-expect-error: intervalMs is required
    expect(() => createSrvInstancer({ name: "_a._tcp.example" })).toThrow(TypeError);
  });
});
