import fc from "fast-check";
import type { Outcome } from "./sum-model.js";
import { expectedSum, isInt64 } from "./sum-model.js";

/**
 * A proper prefix of a JSON object or array (every such prefix is malformed JSON); the empty
 * prefix is a missing body.
 */
export function truncatedJson(): fc.Arbitrary<string> {
  const whole = fc
    .oneof(
      fc.dictionary(fc.string(), fc.jsonValue(), { minKeys: 1 }),
      fc.array(fc.jsonValue(), { minLength: 1 }),
    )
    .map((value) => JSON.stringify(value));
  return whole.chain((text) => fc.nat({ max: text.length - 1 }).map((cut) => text.slice(0, cut)));
}

/**
 * Arrays or objects nested one to ten thousand deep, closed or not, all under
 * addsvc's 64 KiB body limit.
 */
export function deepJson(): fc.Arbitrary<string> {
  return fc
    .record({
      depth: fc.integer({ min: 1_000, max: 10_000 }),
      kind: fc.constantFrom("array", "object"),
      closed: fc.boolean(),
    })
    .map(({ depth, kind, closed }) => {
      const [open, leaf, close] = kind === "array" ? ["[", "1", "]"] : ['{"a":', "1", "}"];
      return open.repeat(depth) + leaf + (closed ? close.repeat(depth) : "");
    });
}

/** One operand as written in a body: absent, an integer literal, or a value of another type. */
type Operand =
  | { readonly kind: "absent" }
  | { readonly kind: "int"; readonly n: bigint }
  | { readonly kind: "other"; readonly json: string };

const integers = fc.oneof(
  fc.bigInt({ min: -1000n, max: 1000n }),
  fc.bigInt({ min: -(2n ** 31n) - 5n, max: 2n ** 31n + 5n }),
  fc.bigInt({ min: -(2n ** 64n), max: 2n ** 64n }),
  fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }),
  fc.constantFrom(0n, 2n ** 53n + 1n, 2n ** 63n - 1n, 2n ** 63n, -(2n ** 63n), -(2n ** 63n) - 1n),
);

const others = fc.oneof(
  fc
    .double({ noNaN: true, noDefaultInfinity: true })
    .filter((d) => !Number.isInteger(d))
    .map((d) => JSON.stringify(d)),
  fc.string().map((s) => JSON.stringify(s)),
  fc.bigInt().map((n) => JSON.stringify(String(n))),
  fc.constantFrom(
    "true",
    "false",
    "null",
    "[]",
    "{}",
    "[1,2]",
    '{"a":1}',
    "1e400",
    "-1e400",
    "1.5",
  ),
);

const operand: fc.Arbitrary<Operand> = fc.oneof(
  { arbitrary: fc.constant({ kind: "absent" } as const), weight: 1 },
  { arbitrary: integers.map((n) => ({ kind: "int", n }) as const), weight: 5 },
  { arbitrary: others.map((json) => ({ kind: "other", json }) as const), weight: 2 },
);

/** A sum request body and what it should give: an outcome, or `"invalid"` for a 400. */
export interface SumCase {
  readonly text: string;
  readonly expected: Outcome | "invalid";
}

/**
 * Sum bodies with huge and out-of-range integers, wrong types, missing operands, keys in either
 * case and unknown keys, with the answer the rules give.
 */
export function operandsBody(): fc.Arbitrary<SumCase> {
  return fc
    .record({
      a: operand,
      b: operand,
      upperA: fc.boolean(),
      upperB: fc.boolean(),
      bFirst: fc.boolean(),
      extra: fc.option(
        fc.jsonValue().map((v) => `"extra":${JSON.stringify(v)}`),
        { nil: undefined },
      ),
    })
    .map(({ a, b, upperA, upperB, bFirst, extra }) => {
      const entry = (key: string, o: Operand) =>
        o.kind === "absent" ? [] : [`"${key}":${o.kind === "int" ? o.n.toString() : o.json}`];
      const entries = [...entry(upperA ? "A" : "a", a), ...entry(upperB ? "B" : "b", b)];
      if (bFirst) entries.reverse();
      if (extra !== undefined) entries.push(extra);
      return { text: `{${entries.join(",")}}`, expected: expectedFor(a, b) };
    });
}

function expectedFor(a: Operand, b: Operand): Outcome | "invalid" {
  const value = (o: Operand) => (o.kind === "absent" ? 0n : o.kind === "int" ? o.n : undefined);
  const x = value(a);
  const y = value(b);
  if (x === undefined || y === undefined || !isInt64(x) || !isInt64(y)) return "invalid";
  return expectedSum(x, y);
}

const dangerousKeys = [
  "__proto__",
  "constructor",
  "prototype",
  "polluted",
  "toString",
  "valueOf",
  "hasOwnProperty",
  "a",
  "b",
  "A",
];

/**
 * JSON objects whose keys include `__proto__`, `constructor` and `prototype` at any depth, with
 * `{"polluted": ...}` payloads: what a prototype-pollution attack sends.
 */
export function pollutingJson(): fc.Arbitrary<string> {
  const { node } = fc.letrec<{ node: string }>((tie) => ({
    node: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      fc.constantFrom('{"polluted":"yes"}', "1", '"x"', "null", "[]", '{"polluted":{"deep":true}}'),
      fc
        .array(fc.tuple(fc.constantFrom(...dangerousKeys), tie("node")), {
          minLength: 1,
          maxLength: 4,
        })
        .map((pairs) => `{${pairs.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(",")}}`),
      fc.array(tie("node"), { maxLength: 3 }).map((items) => `[${items.join(",")}]`),
    ),
  }));
  return fc
    .array(fc.tuple(fc.constantFrom(...dangerousKeys), node), { minLength: 1, maxLength: 5 })
    .map((pairs) => `{${pairs.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(",")}}`);
}
