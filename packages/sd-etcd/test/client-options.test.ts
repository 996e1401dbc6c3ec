import { nopLogger } from "@kit/endpoint";
import { connect, resolveClientOptions } from "../src/client-options.js";

describe("resolveClientOptions", () => {
  it("fills in the documented defaults and accepts one host or many", () => {
    expect(resolveClientOptions("t", { hosts: "http://127.0.0.1:2379" })).toEqual({
      hosts: ["http://127.0.0.1:2379"],
      requestTimeoutMs: 5_000,
      retryMinMs: 100,
      retryMaxMs: 5_000,
      logger: nopLogger,
    });
    const many = ["http://10.0.0.1:2379", "https://10.0.0.2:2379"];
    expect(resolveClientOptions("t", { hosts: many }).hosts).toEqual(many);
  });

  it("names the factory and the option in its TypeErrors", () => {
    expect(() => resolveClientOptions("make", { hosts: [] })).toThrow(/^make: hosts/);
    expect(() => resolveClientOptions("make", { hosts: "h", requestTimeoutMs: 0 })).toThrow(
      /hosts/,
    );
    expect(() =>
      resolveClientOptions("make", {
        hosts: "http://h:1",
        requestTimeoutMs: Number.POSITIVE_INFINITY,
      }),
    ).toThrow(/requestTimeoutMs/);
  });
});

describe("connect", () => {
  it("returns an etcd3 client for the hosts that can be closed at once", () => {
    const client = connect(resolveClientOptions("t", { hosts: "http://127.0.0.1:1" }));
    expect(typeof client.watch).toBe("function");
    client.close();
  });
});
