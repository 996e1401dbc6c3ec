import { Histogram as PromHistogram, Registry } from "prom-client";
import { prometheusHistogram } from "../src/prometheus.js";

type Labels = Record<string, string>;
type Op =
  | [labels: Labels, value: number]
  | ["reset"]
  | ["zero" | "remove", labels: Labels]
  | ["read"];

const labelNames = ["method", "success"];
const buckets = [0.001, 0.01, 0.1];

/**
 * Runs `ops` on a kit histogram and on a prom-client histogram observed directly, and returns
 * the exposition text of both after each read and at the end, to compare.
 */
async function both(ops: Op[]): Promise<[string[], string[]]> {
  const kitRegistry = new Registry();
  const refRegistry = new Registry();
  const kit = prometheusHistogram({
    name: "h_seconds",
    help: "h",
    labelNames,
    buckets,
    registry: kitRegistry,
  });
  const ref = new PromHistogram({
    name: "h_seconds",
    help: "h",
    labelNames,
    buckets,
    registers: [refRegistry],
  });
  const full = (labels: Labels): Labels => ({
    method: labels.method ?? "",
    success: labels.success ?? "",
  });
  const kitTexts: string[] = [];
  const refTexts: string[] = [];
  for (const op of [...ops, ["read"] as Op]) {
    const [first, second] = op;
    if (first === "read") {
      kitTexts.push(await kitRegistry.metrics());
      refTexts.push(await refRegistry.metrics());
    } else if (first === "reset") {
      kitRegistry.resetMetrics();
      refRegistry.resetMetrics();
    } else if (first === "zero" || first === "remove") {
      const labels = full(second as Labels);
      (kitRegistry.getSingleMetric("h_seconds") as PromHistogram)[first](labels);
      ref[first](labels);
    } else {
      kit.with(first).observe(second as number);
      ref.labels(full(first)).observe(second as number);
    }
  }
  return [kitTexts, refTexts];
}

const ok = { method: "sum", success: "true" };
const failed = { method: "sum", success: "false" };

describe("the Prometheus histogram's direct observations", () => {
  it("give prom-client's text: buckets, sums that round alike, values above every bucket", async () => {
    const [kit, ref] = await both([
      [ok, 0.0004],
      [failed, 0.2],
      [ok, 0.0004],
      [ok, 0.003],
      ["read"],
      [ok, 0.1],
      [ok, 0.1000001],
      [ok, 0.07],
      [failed, 0],
      [ok, 1e-9],
    ]);
    expect(kit).toEqual(ref);
    expect(kit[0]).toContain('h_seconds_bucket{le="0.001",method="sum",success="true"} 2\n');
    expect(kit[1]).toContain('h_seconds_count{method="sum",success="true"} 7\n');
  });

  it("follow a registry reset, a zeroed and a removed series", async () => {
    const [kit, ref] = await both([
      [ok, 0.005],
      [failed, 0.005],
      ["reset"],
      [ok, 0.05],
      [ok, 0.05],
      ["zero", ok],
      [ok, 0.0001],
      ["remove", failed],
      [failed, 0.5],
      [failed, 0.5],
      ["read"],
      ["zero", { method: "concat" }],
      [{ method: "concat" }, 0.02],
      [{ method: "concat" }, 0.02],
    ]);
    expect(kit).toEqual(ref);
    expect(kit[0]).toContain('h_seconds_count{method="sum",success="true"} 1\n');
    expect(kit[1]).toContain('h_seconds_count{method="concat",success=""} 2\n');
  });

  it("share one series between label sets given apart, in any order", async () => {
    const registry = new Registry();
    const h = prometheusHistogram({ name: "h", help: "h", labelNames, buckets, registry });
    h.with({ success: "true" }).with({ method: "sum" }).observe(0.5);
    h.with({ method: "sum", success: "true" }).observe(0.5);
    h.with(ok).observe(0.5);
    expect(await registry.metrics()).toContain('h_sum{method="sum",success="true"} 1.5\n');
  });

  it("hand prom-client only the first observation of a series", async () => {
    const registry = new Registry();
    const h = prometheusHistogram({ name: "h", help: "h", labelNames, buckets, registry });
    const metric = registry.getSingleMetric("h") as PromHistogram;
    const labels = metric.labels.bind(metric);
    let handed = 0;
    metric.labels = ((values: Labels) => {
      const child = labels(values);
      return {
        ...child,
        observe: (v: number) => {
          handed++;
          child.observe(v);
        },
      };
    }) as never;
    for (let i = 0; i < 5; i++) h.with(ok).observe(0.05);
    expect(handed).toBe(1);
    expect(await registry.metrics()).toContain(
      'h_bucket{le="0.1",method="sum",success="true"} 5\n',
    );
  });

  it("throw prom-client's TypeError for a value that is not finite, and go on counting", async () => {
    const registry = new Registry();
    const h = prometheusHistogram({ name: "h", help: "h", labelNames, buckets, registry });
    const series = h.with(ok);
    series.observe(0.5);
    series.observe(0.5);
    expect(() => series.observe(Number.NaN)).toThrow(TypeError);
    expect(() => series.observe(Number.POSITIVE_INFINITY)).toThrow(TypeError);
    series.observe(0.5);
    expect(await registry.metrics()).toContain('h_count{method="sum",success="true"} 3\n');
  });
});
