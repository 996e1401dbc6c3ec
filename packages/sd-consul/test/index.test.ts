import * as api from "../src/index.js";

describe("@kit/sd-consul", () => {
  it("exports the instancer and registrar factories and nothing else at runtime", () => {
    expect(Object.keys(api).sort()).toEqual(["createConsulInstancer", "createConsulRegistrar"]);
  });
});
