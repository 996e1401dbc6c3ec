import * as sdEtcd from "../src/index.js";

describe("@kit/sd-etcd", () => {
  it("exports exactly the two factories", () => {
    expect(Object.keys(sdEtcd).sort()).toEqual(["createEtcdInstancer", "createEtcdRegistrar"]);
  });
});
