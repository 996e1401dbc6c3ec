import fc from "fast-check";
import { maxBodyBytes } from "../../src/app.js";
import { expectHttpError, expectRpcResponse } from "./support/answer-shapes.js";
import type { FuzzTarget } from "./support/fuzz-target.js";
import { startFuzzTarget } from "./support/fuzz-target.js";
import { exchange } from "./support/http-exchange.js";
import { deepJson, pollutingJson, truncatedJson } from "./support/json-arbitraries.js";
import { answerKey, expectedAnswer } from "./support/jsonrpc-model.js";

// Fuzzing the JSON-RPC 2.0 listener of a running addsvc against a model of the specification.
// fast-check prints the seed and the shrunk counterexample of any failure.
const json = { "content-type": "application/json" };
jest.setTimeout(60_000);

let target: FuzzTarget;
let rpc: string;

beforeAll(async () => {
  target = await startFuzzTarget();
  rpc = target.addresses.jsonrpc ?? "";
});
afterAll(() => target?.expectCleanStop());

function call(body: string | Uint8Array) {
  return exchange(rpc, { path: "/", body, headers: json });
}

const absent = Symbol("absent");
const field = <T>(arb: fc.Arbitrary<T>) =>
  fc.oneof({ arbitrary: arb, weight: 4 }, fc.constant(absent));
const small = fc.integer({ min: -2000, max: 2000 });

/** A request member: mostly well-formed, with every field sometimes wrong or missing. */
const member: fc.Arbitrary<unknown> = fc
  .record({
    jsonrpc: field(
      fc.oneof(
        { arbitrary: fc.constantFrom("2.0", ""), weight: 4 },
        fc.constantFrom("1.0", "2", 2, null),
      ),
    ),
    method: field(
      fc.oneof(
        { arbitrary: fc.constantFrom("sum", "concat"), weight: 6 },
        fc.constantFrom(
          "Sum",
          "nope",
          "__proto__",
          "constructor",
          "toString",
          "hasOwnProperty",
          "",
        ),
        fc.string(),
        fc.constantFrom(1, null, true),
      ),
    ),
    params: field(
      fc.oneof(
        { arbitrary: fc.record({ a: small, b: small }), weight: 3 },
        fc.record({ A: small, b: fc.string({ maxLength: 6 }) }),
        fc.record({ a: fc.string({ maxLength: 8 }), b: fc.string({ maxLength: 8 }) }),
        pollutingJson().map((text) => JSON.parse(text) as unknown),
        fc.jsonValue(),
      ),
    ),
    id: field(
      fc.oneof(
        fc.integer(),
        fc.string({ maxLength: 8 }),
        fc.constant(null),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.constantFrom(true, [], {}),
      ),
    ),
  })
  .map((parts) => Object.fromEntries(Object.entries(parts).filter(([, v]) => v !== absent)))
  .chain((m) => fc.oneof({ arbitrary: fc.constant<unknown>(m), weight: 9 }, fc.jsonValue()));

/** A member sent alone (an array would be a batch). */
const single = member.filter((m) => !Array.isArray(m));

describe("addsvc's JSON-RPC listener under bad input", () => {
  afterEach(async () => {
    const res = await call('{"jsonrpc":"2.0","method":"sum","params":{"a":1,"b":2},"id":7}');
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toEqual({ jsonrpc: "2.0", result: { v: 3 }, id: 7 });
    await target.expectNoPollution();
  });

  it("answers each single request as the specification says: -32600, -32601, -32602 or the result", async () => {
    await fc.assert(
      fc.asyncProperty(single, async (m) => {
        const res = await call(JSON.stringify(m));
        const expected = expectedAnswer(m);
        if (expected === undefined) {
          expect(res.status).toBe(204);
          expect(res.text).toBe("");
          return;
        }
        expect(res.status).toBe(200);
        expect(answerKey(expectRpcResponse(JSON.parse(res.text)))).toBe(expected);
      }),
      { numRuns: 300 },
    );
  });

  it("answers batches member by member, in order, and an empty batch with -32600", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(member, { maxLength: 8 }), async (batch) => {
        const res = await call(JSON.stringify(batch));
        if (batch.length === 0) {
          expect(answerKey(expectRpcResponse(JSON.parse(res.text)))).toBe("null|-32600");
          return;
        }
        const expected = batch.map(expectedAnswer).filter((k) => k !== undefined);
        if (expected.length === 0) {
          expect(res.status).toBe(204);
          return;
        }
        expect(res.status).toBe(200);
        const answers = JSON.parse(res.text) as unknown[];
        expect(Array.isArray(answers)).toBe(true);
        expect(answers.map((a) => answerKey(expectRpcResponse(a)))).toEqual(expected);
      }),
      { numRuns: 150 },
    );
  });

  it("answers bodies that are not JSON with -32700 and a null id", async () => {
    const notJson = fc
      .oneof(
        truncatedJson(),
        fc.uint8Array({ maxLength: 2048 }).map((b) => Buffer.from(b).toString("latin1")),
      )
      .filter((text) => !parses(text));
    await fc.assert(
      fc.asyncProperty(notJson, async (text) => {
        const res = await call(Buffer.from(text, "latin1"));
        expect(res.status).toBe(200);
        expect(answerKey(expectRpcResponse(JSON.parse(res.text)))).toBe("null|-32700");
      }),
      { numRuns: 200 },
    );
  });

  it("answers deeply nested JSON with -32700 or -32600, never crashing", async () => {
    await fc.assert(
      fc.asyncProperty(deepJson(), async (text) => {
        const res = await call(text);
        expect(res.status).toBe(200);
        const body = JSON.parse(res.text) as unknown;
        const answers = Array.isArray(body) ? body : [body];
        for (const answer of answers)
          expect(answerKey(expectRpcResponse(answer))).toMatch(/^null\|-(32700|32600)$/);
      }),
      { numRuns: 12 },
    );
  });

  it("answers bodies over the 64 KiB limit with 413 and a JSON error", async () => {
    const big = `{"jsonrpc":"2.0","method":"concat","params":{"a":"${"x".repeat(maxBodyBytes)}"},"id":1}`;
    expectHttpError(await call(big), [413]);
  });
});

function parses(text: string): boolean {
  try {
    JSON.parse(Buffer.from(text, "latin1").toString("utf8"));
    return true;
  } catch {
    return false;
  }
}
