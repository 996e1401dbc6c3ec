import type { Endpoint } from "@kit/endpoint";
import { background } from "@kit/endpoint";
import { trace } from "@opentelemetry/api";
import { traceClient, traceServer } from "../src/index.js";

interface SumReq {
  a: number;
  b: number;
}
const sum: Endpoint<SumReq, { v: number }> = async (_ctx, { a, b }) => ({ v: a + b });
const tracer = trace.getTracer("types");

describe("types", () => {
  it("keeps the wrapped endpoint's request and response types", async () => {
    const traced: Endpoint<SumReq, { v: number }> = traceClient(tracer, { operation: "sum" })(
      traceServer(tracer, { operation: "sum" })(sum),
    );
    // @ts-expect-error: the request must be a SumReq
    await expect(traced(background(), { a: "1", b: 2 })).resolves.toEqual({ v: "12" });
    const { v }: { v: number } = await traced(background(), { a: 1, b: 2 });
    expect(v).toBe(3);
  });

  it("accepts only known propagation formats", () => {
    // @ts-expect-error: "jaeger" is not a PropagationFormat
    expect(() => traceServer(tracer, { operation: "sum", propagator: ["jaeger"] })).toThrow(
      TypeError,
    );
  });
});
