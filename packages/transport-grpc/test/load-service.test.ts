import { join } from "node:path";
import { defaultLoaderOptions, loadService } from "../src/load-service.js";
import { protoPath } from "./support/grpc.js";

describe("loadService", () => {
  it("returns the service definition and a client class for it", () => {
    const { definition, Client } = loadService<"Sum" | "Concat">(protoPath, "pb.Add");
    expect(definition.Sum.path).toBe("/pb.Add/Sum");
    expect(definition.Concat.path).toBe("/pb.Add/Concat");
    expect(definition.Sum.requestStream).toBe(false);
    expect(Client.service).toBe(definition);
    expect(typeof Client.prototype.Sum).toBe("function");
  });

  it("keeps int64 beyond 2^53 exact, as decimal strings", () => {
    const { definition } = loadService(protoPath, "pb.Add");
    const method = definition.Sum!;
    const bytes = method.requestSerialize({ a: "9007199254740993", b: "-9223372036854775808" });
    expect(method.requestDeserialize(bytes)).toEqual({
      a: "9007199254740993",
      b: "-9223372036854775808",
    });
  });

  it("fills unset fields with their zero values by default", () => {
    const method = loadService(protoPath, "pb.Add").definition.Concat!;
    expect(method.responseDeserialize(Buffer.alloc(0))).toEqual({ v: "", err: "" });
  });

  it("applies the caller's loader options over the defaults", () => {
    const method = loadService(protoPath, "pb.Add", { longs: Number }).definition.Sum!;
    expect(method.requestDeserialize(method.requestSerialize({ a: 7, b: 8 }))).toEqual({
      a: 7,
      b: 8,
    });
    expect(defaultLoaderOptions.longs).toBe(String);
  });

  it("accepts a list of paths and a leading dot in the service name", () => {
    const { definition } = loadService([protoPath], ".pb.Add");
    expect(Object.keys(definition)).toEqual(["Sum", "Concat"]);
  });

  it("throws a TypeError listing the services for a name the files do not define", () => {
    expect(() => loadService(protoPath, "pb.Subtract")).toThrow(TypeError);
    expect(() => loadService(protoPath, "pb.Subtract")).toThrow(/services: pb\.Add/);
  });

  it("throws a TypeError for a message type named as a service", () => {
    expect(() => loadService(protoPath, "pb.SumRequest")).toThrow(/no service "pb.SumRequest"/);
  });

  it("throws a TypeError for a file that cannot be loaded", () => {
    expect(() => loadService(join(__dirname, "missing.proto"), "pb.Add")).toThrow(
      /cannot load .*missing\.proto/,
    );
  });

  it("throws a TypeError for an empty service name or path list", () => {
    expect(() => loadService(protoPath, "")).toThrow(TypeError);
    expect(() => loadService([], "pb.Add")).toThrow(TypeError);
  });
});
