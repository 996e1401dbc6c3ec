import fc from "fast-check";
import { maxBodyBytes } from "../../src/app.js";
import { expectHttpError } from "./support/answer-shapes.js";
import type { FuzzTarget } from "./support/fuzz-target.js";
import { startFuzzTarget } from "./support/fuzz-target.js";
import { hostileHeaderNames } from "./support/hostile-names.js";
import { exchange, rawExchange } from "./support/http-exchange.js";
import {
  deepJson,
  operandsBody,
  pollutingJson,
  truncatedJson,
} from "./support/json-arbitraries.js";

// Fuzzing the HTTP/JSON listener of the running addsvc command (full stack, limits high).
// fast-check prints the seed and the shrunk counterexample of any failure; rerun one with
// `fc.assert(..., { seed, path })`.
const runs = { numRuns: 150 };
const json = { "content-type": "application/json" };
jest.setTimeout(60_000);

let target: FuzzTarget;
let http: string;

beforeAll(async () => {
  target = await startFuzzTarget();
  http = target.addresses.http ?? "";
});
afterAll(() => target?.expectCleanStop());

async function post(
  path: string,
  body: string | Uint8Array,
  headers: Record<string, string> = json,
) {
  return exchange(http, { path, body, headers });
}

/** A valid request still succeeds: the fuzzing left the service healthy. */
async function expectStillServing(): Promise<void> {
  const res = await post("/sum", '{"a":1,"b":2}');
  expect(res.status).toBe(200);
  expect(res.text).toBe('{"v":3}');
}

describe("addsvc's HTTP/JSON listener under bad input", () => {
  afterEach(async () => {
    await expectStillServing();
    await target.expectNoPollution();
  });

  it("answers random bytes with 400 JSON errors (or a correct answer when they happen to be valid)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("/sum", "/concat"),
        fc.uint8Array({ maxLength: 4096 }),
        async (path, bytes) => {
          const res = await post(path, bytes);
          if (res.status === 200) expect(JSON.parse(res.text)).toHaveProperty("v");
          else expectHttpError(res, [400]);
        },
      ),
      runs,
    );
  });

  it("answers truncated JSON with 400 malformed JSON or missing body", async () => {
    await fc.assert(
      fc.asyncProperty(truncatedJson(), async (text: string) => {
        const message = expectHttpError(await post("/sum", text), [400]);
        expect(message).toMatch(/^(malformed JSON in request body|missing request body)/);
      }),
      runs,
    );
  });

  it("answers deeply nested JSON with 400, up to the body limit", async () => {
    await fc.assert(
      fc.asyncProperty(deepJson(), async (text: string) => {
        expectHttpError(await post("/sum", text), [400]);
      }),
      { numRuns: 12 },
    );
  });

  it("sums huge numbers, wrong types and odd key cases exactly as the rules say", async () => {
    await fc.assert(
      fc.asyncProperty(operandsBody(), async ({ text, expected }) => {
        const res = await post("/sum", text);
        if (expected === "invalid") expectHttpError(res, [400]);
        else if ("error" in expected) expect(expectHttpError(res, [400])).toBe(expected.error);
        else {
          expect(res.status).toBe(200);
          expect(res.text).toBe(`{"v":${expected.v}}`);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("never lets __proto__, constructor or prototype keys pollute a prototype", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("/sum", "/concat"),
        pollutingJson(),
        async (path, text: string) => {
          const res = await post(path, text);
          if (res.status !== 200) expectHttpError(res, [400]);
          await target.expectNoPollution();
        },
      ),
      runs,
    );
  });

  it("serves correctly whatever trace and prototype-named headers arrive", async () => {
    const name = fc.oneof(
      fc.constantFrom(...hostileHeaderNames, "x-b3-flags"),
      fc.stringMatching(/^x-[a-z0-9-]{1,16}$/),
    );
    const value = fc.stringMatching(/^[\x21-\x7e]{0,100}$/);
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(name, value, { maxKeys: 6 }),
        fc.integer({ min: 1, max: 1000 }),
        async (headers, a) => {
          const res = await post("/sum", `{"a":${a},"b":1}`, { ...headers, ...json });
          expect(res.status).toBe(200);
          expect(res.text).toBe(`{"v":${a + 1}}`);
          await target.expectNoPollution();
        },
      ),
      runs,
    );
  });

  it("answers content types that are not JSON with 415", async () => {
    const mime = fc
      .stringMatching(/^[a-z]{1,12}\/[a-z0-9.+-]{1,20}$/)
      .filter((t) => t !== "application/json" && !t.endsWith("+json"));
    await fc.assert(
      fc.asyncProperty(mime, async (type) => {
        expectHttpError(await post("/sum", '{"a":1,"b":2}', { "content-type": type }), [415]);
      }),
      { numRuns: 50 },
    );
  });

  it("answers unknown routes and methods with 404 JSON", async () => {
    const path = fc
      .stringMatching(/^\/[a-zA-Z0-9_~.-]{0,30}$/)
      .filter((p) => p !== "/sum" && p !== "/concat");
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("GET", "PUT", "DELETE", "PATCH", "POST"),
        path,
        async (method, p) => {
          const res = await exchange(http, {
            method,
            path: p,
            headers: json,
            body: method === "GET" ? undefined : "{}",
          });
          expectHttpError(res, [404]);
        },
      ),
      { numRuns: 50 },
    );
  });

  it("answers bodies over the 64 KiB limit with 413, whether sized or chunked", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 2 * 1024 * 1024 }),
        fc.boolean(),
        async (extra, chunked) => {
          const body = Buffer.alloc(maxBodyBytes + extra, 0x20);
          const headers: Record<string, string> = chunked
            ? { ...json, "transfer-encoding": "chunked" }
            : json;
          expectHttpError(await post("/sum", body, headers), [413]);
        },
      ),
      { numRuns: 6 },
    );
  });

  it("answers oversize headers with 431 JSON", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 17 * 1024, max: 64 * 1024 }), async (size) => {
        const res = await post("/sum", '{"a":1,"b":2}', { ...json, "x-big": "x".repeat(size) });
        expectHttpError(res, [431]);
      }),
      { numRuns: 6 },
    );
  });

  it("answers random bytes on the socket with a 4xx JSON answer or closes the connection", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 2048 }), async (bytes) => {
        const answer = await rawExchange(http, bytes);
        if (answer === "") return;
        expect(answer).toMatch(/^HTTP\/1\.1 4\d\d /);
        const body = answer.slice(answer.indexOf("\r\n\r\n") + 4);
        expect(typeof (JSON.parse(body) as { error?: unknown }).error).toBe("string");
      }),
      runs,
    );
  });
});
