import { valuer } from "../src/valuer.js";
import { withFields } from "../src/with-fields.js";
import { createWriter, type Encoding } from "../src/writer.js";
import { capture } from "./support/capture.js";

const pipes: Encoding = {
  pair: (k, v) => `${k}:${String(v)}`,
  open: "<",
  sep: "|",
  close: ">\n",
};

describe("createWriter", () => {
  it("joins pairs with the encoding's separator inside its open and close", () => {
    const out = capture();
    createWriter(out.stream, pipes, "t").log({ a: 1, b: 2 });
    expect(out.chunks).toEqual(["<a:1|b:2>\n"]);
  });

  it("separates bound and own pairs exactly once", () => {
    const out = capture();
    withFields(createWriter(out.stream, pipes, "t"), { x: 0 }).log({ a: 1 });
    expect(out.chunks).toEqual(["<x:0|a:1>\n"]);
  });

  it("renders a valuer's repeated plain value once and an object value on every record", () => {
    const out = capture();
    const rendered: unknown[] = [];
    const counting: Encoding = {
      ...pipes,
      pair: (k, v) => {
        rendered.push(v);
        return pipes.pair(k, v);
      },
    };
    const values: unknown[] = ["t1", "t1", "t2", "t2"];
    const obj = { toString: () => "obj" };
    values.push(obj, obj);
    let i = 0;
    const logger = withFields(createWriter(out.stream, counting, "t"), {
      ts: valuer(() => values[i++]),
    });
    for (let n = 0; n < values.length; n++) logger.log({});
    expect(out.chunks).toEqual([
      "<ts:t1>\n",
      "<ts:t1>\n",
      "<ts:t2>\n",
      "<ts:t2>\n",
      "<ts:obj>\n",
      "<ts:obj>\n",
    ]);
    expect(rendered).toEqual(["t1", "t2", obj, obj]);
  });

  it("names the factory in its construction error", () => {
    expect(() => createWriter({} as never, pipes, "myLogger")).toThrow(/^myLogger: /);
  });
});
