import type { MethodDefinition } from "@grpc/grpc-js";
import { status } from "@grpc/grpc-js";
import fc from "fast-check";
import { loadAddService } from "../../src/transport/grpc.js";
import { testProtoPath } from "../support/addsvc.js";
import type { FuzzTarget } from "./support/fuzz-target.js";
import { startFuzzTarget } from "./support/fuzz-target.js";
import { hostileHeaderNames } from "./support/hostile-names.js";
import type { RawGrpcClient } from "./support/raw-grpc.js";
import { rawGrpcClient } from "./support/raw-grpc.js";
import { expectedConcat, expectedSum } from "./support/sum-model.js";

// Fuzzing the gRPC listener of a running addsvc with raw request bytes, through a grpc-js
// client whose serializer passes bytes through. The oracle decodes the same bytes with the
// service's own message types. fast-check prints the seed of any failure.
jest.setTimeout(60_000);

interface Pair {
  a: string;
  b: string;
}
interface Reply {
  v: string;
  err: string;
}
type Method = MethodDefinition<Pair, Reply>;

const definition = loadAddService(testProtoPath).definition as unknown as Record<
  "Sum" | "Concat",
  Method
>;
const sum = definition.Sum;
const concat = definition.Concat;

let target: FuzzTarget;
let client: RawGrpcClient;

beforeAll(async () => {
  target = await startFuzzTarget();
  client = rawGrpcClient(target.addresses.grpc ?? "");
});
afterAll(async () => {
  client?.close();
  await target?.expectCleanStop();
});

/** What the server must answer for `bytes` sent to `method`, per the rules. */
function expectedReply(method: Method, bytes: Uint8Array): Reply | "malformed" {
  let request: Pair;
  try {
    request = method.requestDeserialize(Buffer.from(bytes));
  } catch {
    return "malformed";
  }
  const outcome =
    method === sum
      ? expectedSum(BigInt(request.a), BigInt(request.b))
      : expectedConcat(request.a, request.b);
  return "error" in outcome
    ? { v: method === sum ? "0" : "", err: outcome.error }
    : { v: outcome.v.toString(), err: "" };
}

async function expectAnswer(method: Method, bytes: Uint8Array, metadata?: Record<string, string>) {
  const outcome = await client.call(method.path, bytes, metadata);
  const expected = expectedReply(method, bytes);
  if (expected === "malformed") {
    expect(outcome).toEqual({ code: status.INVALID_ARGUMENT, details: "malformed request" });
    return;
  }
  expect(outcome.code).toBe(status.OK);
  expect(method.responseDeserialize(outcome.reply ?? Buffer.alloc(0))).toEqual(expected);
}

const int64 = fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n });
const operand = fc.oneof(
  int64,
  fc.bigInt({ min: -(2n ** 32n), max: 2n ** 32n }),
  fc.constantFrom(0n, 1n, -1n),
);

/** Valid messages, then cut, extended with garbage, or with bytes flipped. */
function mangled(method: Method, valid: fc.Arbitrary<Pair>): fc.Arbitrary<Uint8Array> {
  return fc
    .tuple(
      valid.map((p) => method.requestSerialize(p)),
      fc.uint8Array({ maxLength: 16 }),
      fc.nat(),
      fc.nat(255),
      fc.constantFrom("cut", "append", "flip", "keep"),
    )
    .map(([bytes, garbage, at, value, how]) => {
      const i = bytes.length === 0 ? 0 : at % bytes.length;
      if (how === "cut") return bytes.subarray(0, i);
      if (how === "append") return Buffer.concat([bytes, garbage]);
      if (how === "flip" && bytes.length > 0) {
        const copy = Buffer.from(bytes);
        copy[i] = value;
        return copy;
      }
      return bytes;
    });
}

describe("addsvc's gRPC listener under bad input", () => {
  afterEach(async () => {
    await expectAnswer(sum, sum.requestSerialize({ a: "1", b: "2" }));
    await target.expectNoPollution();
  });

  it("answers random bytes with INVALID_ARGUMENT, or the right reply when they decode", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(sum, concat),
        fc.uint8Array({ maxLength: 512 }),
        async (method, bytes) => {
          await expectAnswer(method, bytes);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("answers valid, cut, extended and corrupted Sum messages with huge operands by the rules", async () => {
    const pair = fc.record({ a: operand.map(String), b: operand.map(String) });
    await fc.assert(
      fc.asyncProperty(mangled(sum, pair), async (bytes) => {
        await expectAnswer(sum, bytes);
      }),
      { numRuns: 300 },
    );
  });

  it("answers Concat with any strings, lone surrogates included, by the rules", async () => {
    const text = fc.string({ unit: "binary", maxLength: 12 });
    await fc.assert(
      fc.asyncProperty(mangled(concat, fc.record({ a: text, b: text })), async (bytes) => {
        await expectAnswer(concat, bytes);
      }),
      { numRuns: 200 },
    );
  });

  it("never breaks on hostile metadata: prototype keys and garbage trace headers", async () => {
    const key = fc.oneof(
      fc.constantFrom(...hostileHeaderNames),
      fc.stringMatching(/^[a-z0-9_.-]{1,16}$/).filter((k) => !k.startsWith("grpc-")),
    );
    const value = fc.stringMatching(/^[\x20-\x7e]{0,80}$/);
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(key, value, { maxKeys: 6 }),
        operand,
        operand,
        async (metadata, a, b) => {
          await expectAnswer(sum, sum.requestSerialize({ a: String(a), b: String(b) }), {
            ...metadata,
          });
        },
      ),
      { numRuns: 200 },
    );
  });

  it("answers unknown methods with UNIMPLEMENTED", async () => {
    const path = fc
      .oneof(
        fc.constantFrom("/pb.Add/Nope", "/pb.Nope/Sum", "/pb.Add/sum", "/Add/Sum"),
        fc.stringMatching(/^\/[A-Za-z.]{1,12}\/[A-Za-z]{1,12}$/),
      )
      .filter((p) => p !== sum.path && p !== concat.path);
    await fc.assert(
      fc.asyncProperty(path, fc.uint8Array({ maxLength: 32 }), async (p, bytes) => {
        expect((await client.call(p, bytes)).code).toBe(status.UNIMPLEMENTED);
      }),
      { numRuns: 50 },
    );
  });

  it("answers messages over the 4 MiB limit with RESOURCE_EXHAUSTED", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 64 * 1024 }), async (extra) => {
        const bytes = Buffer.alloc(4 * 1024 * 1024 + extra, 0x41);
        expect((await client.call(sum.path, bytes)).code).toBe(status.RESOURCE_EXHAUSTED);
      }),
      { numRuns: 3 },
    );
  });
});
