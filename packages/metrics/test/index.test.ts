import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import * as root from "../src/index.js";

describe("the package root", () => {
  it("exports exactly the documented runtime names", () => {
    expect(Object.keys(root).sort()).toEqual(
      [
        "discardCounter",
        "discardGauge",
        "discardHistogram",
        "genericCounter",
        "genericGauge",
        "genericHistogram",
        "genericSnapshot",
        "instrumentingMiddleware",
        "metricsHandler",
        "multiCounter",
        "multiGauge",
        "multiHistogram",
        "prometheusCounter",
        "prometheusGauge",
        "prometheusHistogram",
        "statsdCounter",
        "statsdGauge",
        "statsdHistogram",
      ].sort(),
    );
  });

  it("loads when prom-client and hot-shots cannot be imported", () => {
    jest.isolateModules(() => {
      jest.doMock("prom-client", () => {
        throw new Error("prom-client is not installed");
      });
      jest.doMock("hot-shots", () => {
        throw new Error("hot-shots is not installed");
      });
      const isolated = require("../src/index.js") as typeof root;
      expect(isolated.genericCounter("c").with({ a: "b" })).toBeDefined();
      expect(isolated.statsdCounter).toBeInstanceOf(Function);
    });
  });

  it("imports prom-client and hot-shots in src only as types", () => {
    const src = join(__dirname, "..", "src");
    const offending: string[] = [];
    for (const file of readdirSync(src)) {
      const text = readFileSync(join(src, file), "utf8");
      for (const m of text.matchAll(
        /^\s*import\s+(?!type\b)[^;]*?["'](prom-client|hot-shots)["']/gm,
      ))
        offending.push(`${file}: ${m[0].trim()}`);
      if (/require\(\s*["'](prom-client|hot-shots)["']\s*\)/.test(text))
        offending.push(`${file}: require`);
    }
    expect(offending).toEqual([]);
  });
});
