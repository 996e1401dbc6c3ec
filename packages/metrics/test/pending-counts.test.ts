import { Counter as PromCounter, Registry } from "prom-client";
import { prometheusCounter } from "../src/prometheus.js";

type Op = [labels: Record<string, string>, delta: number] | "reset" | "read";

/**
 * Runs `ops` on a kit counter and on a prom-client counter incremented directly, and returns the
 * exposition text of both after each read and at the end, to compare.
 */
async function both(labelNames: string[], ops: Op[]): Promise<[string[], string[]]> {
  const kitRegistry = new Registry();
  const refRegistry = new Registry();
  const kit = prometheusCounter({ name: "c_total", help: "c", labelNames, registry: kitRegistry });
  const ref = new PromCounter({ name: "c_total", help: "c", labelNames, registers: [refRegistry] });
  const kitTexts: string[] = [];
  const refTexts: string[] = [];
  for (const op of [...ops, "read" as const]) {
    if (op === "read") {
      kitTexts.push(await kitRegistry.metrics());
      refTexts.push(await refRegistry.metrics());
    } else if (op === "reset") {
      kitRegistry.resetMetrics();
      refRegistry.resetMetrics();
    } else {
      const [labels, delta] = op;
      kit.with(labels).add(delta);
      const values: Record<string, string> = {};
      for (const n of labelNames) values[n] = labels[n] ?? "";
      if (labelNames.length === 0) ref.inc(delta);
      else ref.labels(values).inc(delta);
    }
  }
  return [kitTexts, refTexts];
}

const ok = { method: "sum", success: "true" };
const failed = { method: "sum", success: "false" };

describe("the Prometheus counter's deferred increments", () => {
  it("expose series in the order of their first increment, with the same values", async () => {
    const [kit, ref] = await both(
      ["method", "success"],
      [[failed, 1], [ok, 1], [ok, 2], "read", [ok, 1], [{ method: "concat" }, 0]],
    );
    expect(kit).toEqual(ref);
    expect(kit[0]).toMatch(/success="false"} 1\n.*success="true"} 3\n/s);
    expect(kit[1]).toContain('c_total{method="concat",success=""} 0\n');
  });

  it("round as immediate increments do once a delta is fractional", async () => {
    const [kit, ref] = await both(
      ["method", "success"],
      [[ok, 3], [failed, 1], [ok, 0.1], [ok, 0.2], [ok, 1], [failed, 0.7], [failed, 2], "read"],
    );
    expect(kit).toEqual(ref);
    expect(kit[0]).toContain('success="true"} 4.3');
  });

  it("keep whole totals above the safe integer range exact as prom-client would", async () => {
    const big = Number.MAX_SAFE_INTEGER - 1;
    const [kit, ref] = await both([], [[{}, big], [{}, 1], [{}, 1], [{}, 1], "read"]);
    expect(kit).toEqual(ref);
  });

  it("are dropped by a reset of the registry, as prom-client drops its values", async () => {
    const [kit, ref] = await both(["method", "success"], [[ok, 5], "reset", [failed, 1], "read"]);
    expect(kit).toEqual(ref);
    expect(kit[0]).not.toContain('success="true"');
  });

  it("reach prom-client once per read, not once per increment", async () => {
    const registry = new Registry();
    const c = prometheusCounter({ name: "c_total", help: "c", labelNames: ["a"], registry });
    const metric = registry.getSingleMetric("c_total") as PromCounter;
    const labels = metric.labels.bind(metric);
    const handed: number[] = [];
    metric.labels = ((values: Record<string, string>) => {
      const child = labels(values);
      return {
        inc: (n: number) => {
          handed.push(n);
          child.inc(n);
        },
      };
    }) as never;
    for (let i = 0; i < 5; i++) c.with({ a: "x" }).add(1);
    expect(handed).toEqual([]);
    expect(await registry.metrics()).toContain('c_total{a="x"} 5\n');
    expect(handed).toEqual([5]);
  });

  it("are counted before a series is removed", async () => {
    const registry = new Registry();
    const c = prometheusCounter({ name: "c_total", help: "c", labelNames: ["a"], registry });
    c.with({ a: "x" }).add(2);
    c.with({ a: "y" }).add(1);
    registry.getSingleMetric("c_total")?.remove({ a: "x" } as never);
    c.with({ a: "x" }).add(1);
    const text = await registry.metrics();
    expect(text).toContain('c_total{a="x"} 1\n');
    expect(text).toContain('c_total{a="y"} 1\n');
  });
});
