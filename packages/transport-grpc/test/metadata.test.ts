import { Metadata as GrpcMetadata } from "@grpc/grpc-js";
import { createMetadata, isKitError } from "@kit/endpoint";
import { fromGrpcMetadata, toGrpcMetadata } from "../src/metadata.js";

describe("fromGrpcMetadata", () => {
  it("copies every value of every key, in order", () => {
    const source = new GrpcMetadata();
    source.add("x-tag", "a");
    source.add("x-tag", "b");
    source.set("authorization", "Bearer t");
    const md = fromGrpcMetadata(source);
    expect(md.getAll("x-tag")).toEqual(["a", "b"]);
    expect(md.get("Authorization")).toBe("Bearer t");
  });

  it("turns binary values into base64 strings", () => {
    const source = new GrpcMetadata();
    source.add("trace-bin", Buffer.from([0, 1, 2, 250, 255]));
    expect(fromGrpcMetadata(source).get("trace-bin")).toBe("AAEC+v8=");
  });

  it("gives empty metadata for empty gRPC metadata", () => {
    expect(fromGrpcMetadata(new GrpcMetadata()).size).toBe(0);
  });
});

describe("toGrpcMetadata", () => {
  it("copies every value, and binary values from base64 back to bytes", () => {
    const md = toGrpcMetadata(
      createMetadata([
        ["x-tag", "a"],
        ["x-tag", "b"],
        ["trace-bin", "AAEC+v8="],
      ]),
    );
    expect(md.get("x-tag")).toEqual(["a", "b"]);
    expect(md.get("trace-bin")).toEqual([Buffer.from([0, 1, 2, 250, 255])]);
  });

  it("round-trips with fromGrpcMetadata, binary values included", () => {
    const source = new GrpcMetadata();
    source.add("k", "v");
    source.add("blob-bin", Buffer.from("héllo"));
    expect(toGrpcMetadata(fromGrpcMetadata(source)).toJSON()).toEqual(source.toJSON());
  });

  it("skips names gRPC and HTTP/2 reserve, such as forwarded HTTP headers", () => {
    const md = toGrpcMetadata(
      createMetadata({
        "grpc-timeout": "1S",
        "content-type": "application/json",
        host: "example.com",
        connection: "keep-alive",
        te: "trailers",
        "user-agent": "curl",
        "x-kept": "yes",
      }),
    );
    expect(md.toJSON()).toEqual({ "x-kept": ["yes"] });
  });

  it("adds to the metadata it is given", () => {
    const target = new GrpcMetadata();
    target.set("existing", "1");
    const md = toGrpcMetadata(createMetadata({ added: "2" }), target);
    expect(md).toBe(target);
    expect(md.toJSON()).toEqual({ existing: ["1"], added: ["2"] });
  });

  it("throws a KitError internal naming the key for a value gRPC cannot carry", () => {
    let caught: unknown;
    try {
      toGrpcMetadata(createMetadata({ "x-name": "Zoë" }));
    } catch (err) {
      caught = err;
    }
    expect(isKitError(caught) && caught.code).toBe("internal");
    expect((caught as Error).message).toContain("x-name");
  });

  it("throws a KitError internal for a name gRPC cannot carry", () => {
    expect(() => toGrpcMetadata(createMetadata({ "bad name": "v" }))).toThrow(
      expect.objectContaining({ code: "internal" }),
    );
  });
});
