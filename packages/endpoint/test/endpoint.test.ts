import { background } from "../src/context.js";
import type { Endpoint, GenericMiddleware, Middleware } from "../src/endpoint.js";
import { chain } from "../src/endpoint.js";

type SumReq = { a: number; b: number };
type SumRes = { v: number };
const sum: Endpoint<SumReq, SumRes> = async (_ctx, { a, b }) => ({ v: a + b });

function recorder(trail: string[], name: string): GenericMiddleware {
  return (next) => async (ctx, req) => {
    trail.push(`${name} in`);
    try {
      return await next(ctx, req);
    } finally {
      trail.push(`${name} out`);
    }
  };
}

describe("chain", () => {
  it("lets the first middleware see the request first and the response last", async () => {
    const trail: string[] = [];
    const endpoint = chain(recorder(trail, "a"), recorder(trail, "b"), recorder(trail, "c"))(sum);
    await expect(endpoint(background(), { a: 1, b: 2 })).resolves.toEqual({ v: 3 });
    expect(trail).toEqual(["a in", "b in", "c in", "c out", "b out", "a out"]);
  });

  it("composes once, not on every call", async () => {
    let wraps = 0;
    const counting: GenericMiddleware = (next) => {
      wraps++;
      return next;
    };
    const endpoint = chain(counting, counting)(sum);
    await endpoint(background(), { a: 1, b: 1 });
    await endpoint(background(), { a: 2, b: 2 });
    expect(wraps).toBe(2);
  });

  it("works with a single middleware", async () => {
    const trail: string[] = [];
    await chain(recorder(trail, "only"))(sum)(background(), { a: 0, b: 0 });
    expect(trail).toEqual(["only in", "only out"]);
  });

  it("lets a typed middleware change the request before the endpoint sees it", async () => {
    const double: Middleware<SumReq, SumRes> = (next) => (ctx, req) =>
      next(ctx, { a: req.a * 2, b: req.b * 2 });
    await expect(chain(double)(sum)(background(), { a: 1, b: 2 })).resolves.toEqual({ v: 6 });
  });

  it("propagates a rejection from the endpoint through every layer", async () => {
    const trail: string[] = [];
    const failing: Endpoint<SumReq, SumRes> = async () => {
      throw new Error("boom");
    };
    const endpoint = chain(recorder(trail, "a"), recorder(trail, "b"))(failing);
    await expect(endpoint(background(), { a: 1, b: 2 })).rejects.toThrow("boom");
    expect(trail).toEqual(["a in", "b in", "b out", "a out"]);
  });
});
