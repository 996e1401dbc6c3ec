import { createAdapterName } from "../src/adapter-name.js";

describe("createAdapterName", () => {
  it("prefixes every metric name", () => {
    const backend = createAdapterName({ prefix: "addsvc_" });
    backend.counter("requests_total").with({ method: "sum" }).add(2);
    expect(backend.read()).toEqual([
      {
        kind: "counter",
        name: "addsvc_requests_total",
        labels: { method: "sum" },
        value: 2,
        count: 0,
      },
    ]);
  });

  it.each([
    ["a prefix with a dash", () => createAdapterName({ prefix: "a-b" })],
    ["a metric name with a dash", () => createAdapterName().gauge("in-flight")],
    ["an empty metric name", () => createAdapterName().histogram("")],
  ])("throws TypeError for %s", (_what, make) => {
    expect(make).toThrow(TypeError);
  });
});
