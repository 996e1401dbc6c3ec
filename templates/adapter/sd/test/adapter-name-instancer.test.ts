import { createAdapterNameInstancer } from "../src/adapter-name-instancer.js";

describe("createAdapterNameInstancer", () => {
  it.each([
    ["no directory", { directory: "" }],
    ["a zero interval", { directory: "/tmp", intervalMs: 0 }],
  ])("throws TypeError for %s", (_what, options) => {
    expect(() => createAdapterNameInstancer(options)).toThrow(TypeError);
  });
});
