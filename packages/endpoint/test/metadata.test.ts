import { background } from "../src/context.js";
import {
  appendOutgoingMetadata,
  createMetadata,
  incomingMetadata,
  incomingMetadataKey,
  outgoingMetadata,
  withIncomingMetadata,
  withOutgoingMetadata,
} from "../src/metadata.js";

describe("createMetadata", () => {
  it("looks names up without regard to case", () => {
    const md = createMetadata({ "X-Request-Id": "r-1" });
    expect(md.get("x-request-id")).toBe("r-1");
    expect(md.get("X-REQUEST-ID")).toBe("r-1");
    expect(md.has("x-Request-id")).toBe(true);
    expect([...md.keys()]).toEqual(["x-request-id"]);
  });

  it("holds several values per name, in order", () => {
    const md = createMetadata([
      ["Accept", "a/b"],
      ["accept", "c/d"],
    ]);
    md.append("ACCEPT", "e/f");
    expect(md.get("accept")).toBe("a/b");
    expect(md.getAll("accept")).toEqual(["a/b", "c/d", "e/f"]);
    expect([...md.entries()]).toEqual([
      ["accept", "a/b"],
      ["accept", "c/d"],
      ["accept", "e/f"],
    ]);
  });

  it("replaces with set, removes with delete, and reports size", () => {
    const md = createMetadata({ a: ["1", "2"], b: "3", skipped: undefined });
    expect(md.size).toBe(2);
    md.set("A", "9");
    expect(md.getAll("a")).toEqual(["9"]);
    expect(md.delete("b")).toBe(true);
    expect(md.delete("b")).toBe(false);
    md.set("a", []);
    expect(md.has("a")).toBe(false);
    expect(md.size).toBe(0);
  });

  it("returns an empty list and undefined for absent names", () => {
    const md = createMetadata();
    expect(md.get("nope")).toBeUndefined();
    expect(md.getAll("nope")).toEqual([]);
  });

  it("clones deeply, so the copy changes alone", () => {
    const md = createMetadata({ a: "1" });
    const copy = md.clone();
    copy.append("a", "2");
    copy.set("b", "x");
    expect(md.getAll("a")).toEqual(["1"]);
    expect(md.has("b")).toBe(false);
  });

  it("serialises to a plain object of value lists", () => {
    expect(JSON.stringify(createMetadata({ A: "1", b: ["2", "3"] }))).toBe(
      '{"a":["1"],"b":["2","3"]}',
    );
  });
});

describe("metadata in a context", () => {
  it("is empty when no transport set any", () => {
    expect(incomingMetadata(background()).size).toBe(0);
    expect(outgoingMetadata(background()).size).toBe(0);
  });

  it("keeps incoming and outgoing metadata apart", () => {
    const ctx = withOutgoingMetadata(
      withIncomingMetadata(background(), createMetadata({ from: "server" })),
      createMetadata({ to: "client" }),
    );
    expect(incomingMetadata(ctx).get("from")).toBe("server");
    expect(incomingMetadata(ctx).has("to")).toBe(false);
    expect(outgoingMetadata(ctx).get("to")).toBe("client");
  });

  it("appends outgoing values in a new context, leaving the parent's metadata untouched", () => {
    const parent = withOutgoingMetadata(background(), createMetadata({ a: "1" }));
    const child = appendOutgoingMetadata(parent, { A: "2", traceparent: "00-abc" });
    expect(outgoingMetadata(child).getAll("a")).toEqual(["1", "2"]);
    expect(outgoingMetadata(child).get("traceparent")).toBe("00-abc");
    expect(outgoingMetadata(parent).getAll("a")).toEqual(["1"]);
  });

  it("uses a well-known key that every copy of the package shares", () => {
    expect(incomingMetadataKey.id).toBe(Symbol.for("@kit/endpoint.incomingMetadata"));
  });
});
