import type { Context } from "@kit/endpoint";
import { background, failure } from "@kit/endpoint";
import { makeEndpoints } from "../../src/endpoint/set.js";
import type { AddService } from "../../src/service/service.js";
import { addService, errTwoZeroes } from "../../src/service/service.js";

describe("makeEndpoints", () => {
  const endpoints = makeEndpoints(addService());

  it("answers sum and concat", async () => {
    const sum = await endpoints.sum(background(), { a: 2n, b: 3n });
    expect(sum.v).toBe(5n);
    expect(failure(sum)).toBeUndefined();
    const concat = await endpoints.concat(background(), { a: "a", b: "b" });
    expect(concat.v).toBe("ab");
  });

  it("carries a business error inside the response as a Failer", async () => {
    const res = await endpoints.sum(background(), { a: 0n, b: 0n });
    expect(failure(res)).toBe(errTwoZeroes);
    expect(res.v).toBe(0n);
  });

  it("rejects with any error that is not a business error", async () => {
    const broken: AddService = {
      sum: async (_ctx: Context) => {
        throw new Error("database down");
      },
      concat: async () => "",
    };
    await expect(makeEndpoints(broken).sum(background(), { a: 1n, b: 1n })).rejects.toThrow(
      "database down",
    );
  });
});
