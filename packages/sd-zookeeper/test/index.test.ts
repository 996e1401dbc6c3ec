import * as api from "../src/index.js";

describe("@kit/sd-zookeeper", () => {
  it("exports exactly the two factories", () => {
    expect(Object.keys(api).sort()).toEqual([
      "createZooKeeperInstancer",
      "createZooKeeperRegistrar",
    ]);
  });
});
