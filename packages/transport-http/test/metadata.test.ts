import { createMetadata } from "@kit/endpoint";
import { metadataFromHeaders, writeMetadata } from "../src/metadata.js";

describe("metadataFromHeaders", () => {
  const md = metadataFromHeaders({
    "x-request-id": "r-42",
    "set-cookie": ["a=1", "b=2"],
    host: "example.com",
  });

  it("reads names case-insensitively, first value and all values", () => {
    expect(md.get("X-Request-Id")).toBe("r-42");
    expect(md.getAll("x-request-id")).toEqual(["r-42"]);
    expect(md.get("Set-Cookie")).toBe("a=1");
    expect(md.getAll("set-cookie")).toEqual(["a=1", "b=2"]);
    expect(md.get("absent")).toBeUndefined();
    expect(md.getAll("absent")).toEqual([]);
    expect(md.has("HOST")).toBe(true);
    expect(md.has("absent")).toBe(false);
    expect(md.size).toBe(3);
  });

  it("lists keys and one entry per value", () => {
    expect([...md.keys()]).toEqual(["x-request-id", "set-cookie", "host"]);
    expect([...md.entries()]).toEqual([
      ["x-request-id", "r-42"],
      ["set-cookie", "a=1"],
      ["set-cookie", "b=2"],
      ["host", "example.com"],
    ]);
  });

  it("clones into an independent mutable copy and serialises to JSON", () => {
    const headers = { a: "1" };
    const view = metadataFromHeaders(headers);
    const copy = view.clone().set("a", "2");
    expect(copy.get("a")).toBe("2");
    expect(view.get("a")).toBe("1");
    expect(view.toJSON()).toEqual({ a: ["1"] });
  });

  it("does not see properties of Object.prototype", () => {
    const view = metadataFromHeaders({});
    expect(view.has("constructor")).toBe(false);
    expect(view.get("toString")).toBeUndefined();
  });
});

describe("writeMetadata", () => {
  it("replaces each name with its value, or values as an array", () => {
    const headers: Record<string, string | string[]> = { a: "old", keep: "me" };
    writeMetadata(createMetadata({ A: "new", b: ["1", "2"] }), headers);
    expect(headers).toEqual({ a: "new", b: ["1", "2"], keep: "me" });
  });
});
