import { gatewayOptionsFromArgs, UsageError } from "../src/flags.js";

describe("gatewayOptionsFromArgs", () => {
  it("defaults to etcd discovery, HTTP to the instances, round robin on :8000", () => {
    expect(gatewayOptionsFromArgs(["--etcd-hosts", "http://a:2379, http://b:2379"])).toEqual({
      discovery: { kind: "etcd", hosts: ["http://a:2379", "http://b:2379"], prefix: undefined },
      transport: "http",
      http: { host: "127.0.0.1", port: 8000 },
      balancer: "round_robin",
      retryMax: undefined,
      retryTimeoutMs: undefined,
      attemptTimeoutMs: undefined,
      breakerThreshold: undefined,
      breakerOpenMs: undefined,
      maxPending: undefined,
    });
  });

  it("reads each backend's flags", () => {
    const discovery = (args: string[]) => {
      const options = gatewayOptionsFromArgs(args);
      if (options === "help") throw new Error("help");
      return options.discovery;
    };
    expect(discovery(["--discovery", "consul", "--consul-addr", "127.0.0.1:8500"])).toEqual({
      kind: "consul",
      address: "http://127.0.0.1:8500",
      service: undefined,
    });
    expect(
      discovery(["--discovery", "dns", "--dns-name", "_addsvc._tcp.x", "--dns-server", ":53"]),
    ).toEqual({ kind: "dns", name: "_addsvc._tcp.x", server: ":53" });
    expect(
      discovery(["--discovery", "zookeeper", "--zk-servers", "z:2181", "--zk-path", "/p"]),
    ).toEqual({ kind: "zookeeper", connect: "z:2181", path: "/p" });
    expect(discovery(["--discovery", "static", "--instances", "a:1,b:2"])).toEqual({
      kind: "static",
      instances: ["a:1", "b:2"],
    });
  });

  it("reads the transport, balancer and fault settings", () => {
    const options = gatewayOptionsFromArgs([
      "--instances=a:1",
      "--discovery=static",
      "--transport=grpc",
      "--balancer=least_pending",
      "--retry-max=2",
      "--retry-timeout=900",
      "--attempt-timeout=200",
      "--breaker-threshold=4",
      "--breaker-open=1000",
      "--max-pending=50",
    ]);
    expect(options).toMatchObject({
      transport: "grpc",
      balancer: "least_pending",
      retryMax: 2,
      retryTimeoutMs: 900,
      attemptTimeoutMs: 200,
      breakerThreshold: 4,
      breakerOpenMs: 1000,
      maxPending: 50,
    });
  });

  it("answers help", () => {
    expect(gatewayOptionsFromArgs(["--help"])).toBe("help");
  });

  it.each([
    [["--discovery", "consul"], /--consul-addr is required/],
    [["--discovery", "dns"], /--dns-name is required/],
    [["--discovery", "zookeeper"], /--zk-servers is required/],
    [["--discovery", "static"], /--instances is required/],
    [["--discovery", "eureka"], /--discovery must be etcd, consul, dns, zookeeper or static/],
    [["--instances=:1", "--discovery=static", "--balancer=random"], /--balancer must be/],
    [["--instances=:1", "--discovery=static", "--transport=udp"], /--transport must be/],
    [["--instances=:1", "--discovery=static", "--retry-max=0"], /--retry-max must be/],
    [["--instances=:1", "--discovery=static", "--http-addr="], /--http-addr must not be empty/],
    [["--instances=:1", "--discovery=static", "--http-addr=x"], /--http-addr: invalid address/],
    [["--nope"], /Unknown option '--nope'/],
  ])("refuses %j", (args, message) => {
    expect(() => gatewayOptionsFromArgs(args)).toThrow(UsageError);
    expect(() => gatewayOptionsFromArgs(args)).toThrow(message);
  });
});
