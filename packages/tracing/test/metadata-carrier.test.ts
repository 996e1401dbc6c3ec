import { createMetadata } from "@kit/endpoint";
import { metadataGetter, metadataSetter } from "../src/metadata-carrier.js";

describe("metadataGetter", () => {
  it("reads one value as a string, case-insensitively", () => {
    expect(metadataGetter.get(createMetadata({ TraceParent: "x" }), "traceparent")).toBe("x");
  });

  it("reads several values as an array", () => {
    expect(
      metadataGetter.get(createMetadata({ tracestate: ["a=1", "b=2"] }), "tracestate"),
    ).toEqual(["a=1", "b=2"]);
  });

  it("gives undefined for an absent name", () => {
    expect(metadataGetter.get(createMetadata(), "b3")).toBeUndefined();
  });

  it("lists the names present", () => {
    expect(metadataGetter.keys(createMetadata({ B3: "1", "X-Id": "2" }))).toEqual(["b3", "x-id"]);
  });
});

describe("metadataSetter", () => {
  it("replaces an earlier value instead of adding a second one", () => {
    const md = createMetadata({ traceparent: "old" });
    metadataSetter.set(md, "traceparent", "new");
    expect(md.getAll("traceparent")).toEqual(["new"]);
  });
});
