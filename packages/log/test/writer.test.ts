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

  it("names the factory in its construction error", () => {
    expect(() => createWriter({} as never, pipes, "myLogger")).toThrow(/^myLogger: /);
  });
});
