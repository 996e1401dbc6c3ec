import type { KitError } from "@kit/endpoint";
import { background, chain, withCancel } from "@kit/endpoint";
import { logging, makeEndpoints } from "../src/endpoints.js";
import { addService } from "../src/service.js";

const endpoints = makeEndpoints(addService);

describe("hello endpoints", () => {
  it("sum adds two integers", async () => {
    await expect(endpoints.sum(background(), { a: 1, b: 2 })).resolves.toEqual({ v: 3 });
  });

  it("sum rejects wrong types with invalid_argument naming the field", async () => {
    const err: KitError = await endpoints.sum(background(), { a: "1", b: 2 }).catch((e) => e);
    expect(err.code).toBe("invalid_argument");
    expect(err.details?.issues).toEqual([expect.objectContaining({ path: "a" })]);
  });

  it("concat turns the service's own error into invalid_argument", async () => {
    const err: KitError = await endpoints
      .concat(background(), { a: "0123456789", b: "x" })
      .catch((e) => e);
    expect(err.code).toBe("invalid_argument");
  });

  it("concat stops when the context is already cancelled", async () => {
    const [ctx, cancel] = withCancel(background());
    cancel();
    const err: KitError = await endpoints.concat(ctx, { a: "a", b: "b" }).catch((e) => e);
    expect(err.code).toBe("canceled");
  });

  it("logging records method and error code of each call", async () => {
    const lines: Record<string, unknown>[] = [];
    const sum = chain(logging({ log: (f) => lines.push(f) }, "sum"))(endpoints.sum);
    await sum(background(), { a: 1, b: 1 });
    await sum(background(), { a: 1.5, b: 1 }).catch(() => undefined);
    expect(lines.map((l) => [l.method, l.err])).toEqual([
      ["sum", undefined],
      ["sum", "invalid_argument"],
    ]);
    expect(typeof lines[0]?.took_ms).toBe("number");
  });
});
