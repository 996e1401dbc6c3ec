import { StatsD } from "hot-shots";
import { statsdCounter, statsdGauge, statsdHistogram } from "../src/statsd.js";
import { type StatsdServer, startStatsd } from "./support/statsd-server.js";

describe("the StatsD backend against a real statsd daemon", () => {
  let server: StatsdServer;
  let client: StatsD;
  let prefix: string;
  beforeAll(async () => {
    server = await startStatsd();
  });
  afterAll(() => server.close());
  beforeEach(() => {
    prefix = `t${Math.random().toString(36).slice(2, 8)}.`;
    client = new StatsD({
      host: "127.0.0.1",
      port: server.port,
      prefix,
      errorHandler: (err) => {
        throw err;
      },
    });
  });
  afterEach(() => new Promise<void>((r) => client.close(() => r())));

  const key = (name: string) => `${prefix}${name}`;

  it("aggregates counter increments under the client's prefix", async () => {
    const requests = statsdCounter(client, "requests");
    requests.add(1);
    requests.add(2);
    const counters = await server.waitFor("counters", (c) => c[key("requests")] === 3);
    expect(counters[key("requests")]).toBe(3);
  });

  it("sends static tags and with() labels as DogStatsD tags", async () => {
    const requests = statsdCounter(client, "tagged", { tags: { env: "test" } });
    const sum = requests.with({ method: "sum" });
    sum.add(1);
    sum.add(1);
    requests.with({ method: "concat" }).add(5);
    // statsd 0.9 keys a tagged metric as name;tag=value;...
    const counters = await server.waitFor(
      "counters",
      (c) =>
        c[key("tagged;env=test;method=sum")] === 2 && c[key("tagged;env=test;method=concat")] === 5,
    );
    expect(counters[key("tagged;env=test;method=sum")]).toBe(2);
  });

  it("marks sampled counts with the sample rate so the daemon scales them up", async () => {
    const random = jest.spyOn(Math, "random").mockReturnValue(0);
    try {
      statsdCounter(client, "sampled", { sampleRate: 0.25 }).add(1);
    } finally {
      random.mockRestore();
    }
    const counters = await server.waitFor("counters", (c) => key("sampled") in c);
    expect(counters[key("sampled")]).toBe(4);
  });

  it("sets a gauge and moves it by deltas", async () => {
    const g = statsdGauge(client, "in_flight").with({ pool: "a" });
    g.set(5);
    g.add(2);
    g.add(-3);
    const gauges = await server.waitFor("gauges", (v) => v[key("in_flight;pool=a")] === 4);
    expect(gauges[key("in_flight;pool=a")]).toBe(4);
  });

  it("sends histogram observations as timings by default", async () => {
    const h = statsdHistogram(client, "latency_ms");
    h.observe(12);
    h.observe(30);
    const timers = await server.waitFor(
      "timers",
      (t) => (t[key("latency_ms")] as number[] | undefined)?.length === 2,
    );
    expect([...(timers[key("latency_ms")] as number[])].sort((a, b) => a - b)).toEqual([12, 30]);
  });

  it("sends tags sorted by name, so one label set is one key", () => {
    const mock = new StatsD({ mock: true });
    statsdCounter(mock, "c").with({ method: "sum" }).with({ code: "ok" }).add(1);
    statsdCounter(mock, "c").with({ code: "ok", method: "sum" }).add(1);
    expect(mock.mockBuffer).toEqual(["c:1|c|#code:ok,method:sum", "c:1|c|#code:ok,method:sum"]);
  });

  it("throws RangeError for a negative or NaN counter delta and sends nothing", () => {
    const mock = new StatsD({ mock: true });
    const c = statsdCounter(mock, "c");
    expect(() => c.add(-1)).toThrow(RangeError);
    expect(() => c.add(Number.NaN)).toThrow(RangeError);
    expect(mock.mockBuffer).toEqual([]);
  });

  it("sends DogStatsD histograms with |h when asked", () => {
    const mock = new StatsD({ mock: true, prefix: "p." });
    statsdHistogram(mock, "latency", { kind: "histogram", tags: { a: "b" } }).observe(0.5);
    statsdHistogram(mock, "size", { kind: "distribution" }).observe(3);
    expect(mock.mockBuffer).toEqual(["p.latency:0.5|h|#a:b", "p.size:3|d"]);
  });

  it.each([
    ["a name with a colon", "a:b", {}, /name must be/],
    ["an empty name", "", {}, /name must be/],
    ["a zero sample rate", "ok", { sampleRate: 0 }, /sampleRate must be in \(0, 1\]/],
    ["a sample rate above 1", "ok", { sampleRate: 1.5 }, /sampleRate/],
    ["a tag value that is not a string", "ok", { tags: { a: 1 } }, /label "a" must be a string/],
  ])("throws TypeError at construction for %s", (_what, name, options, message) => {
    const make = () => statsdCounter(client, name, options as never);
    expect(make).toThrow(TypeError);
    expect(make).toThrow(message);
  });

  it("throws TypeError at construction without a client or with an unknown histogram kind", () => {
    expect(() => statsdGauge(undefined as never, "g")).toThrow(/hot-shots StatsD client/);
    expect(() => statsdHistogram(client, "h", { kind: "summary" as never })).toThrow(TypeError);
  });
});
