import { createSocket, type Socket } from "node:dgram";
import { once } from "node:events";
import { type Dnsmasq, startDnsmasq } from "@kit/test-servers";
import { createSrvLookup } from "../src/srv-lookup.js";
import { response, wireName } from "./support/dns-response.js";

const name = "_addsvc._tcp.example.test";
const records = [
  { name, target: "a.example.test", port: 8080 },
  { name, target: "b.example.test", port: 8081 },
];
const expected = [
  { target: "a.example.test", port: 8080, priority: 0, weight: 0 },
  { target: "b.example.test", port: 8081, priority: 0, weight: 0 },
];
const byPort = (a: { port: number }, b: { port: number }) => a.port - b.port;

/** A UDP socket on a free loopback port that hands each query to `answer`. */
async function fakeServer(answer: (query: Buffer, n: number) => Buffer | undefined) {
  const socket: Socket = createSocket("udp4");
  let n = 0;
  socket.on("message", (msg, rinfo) => {
    const reply = answer(msg, n++);
    if (reply) socket.send(reply, rinfo.port, rinfo.address);
  });
  socket.bind(0, "127.0.0.1");
  await once(socket, "listening");
  return { server: `127.0.0.1:${socket.address().port}`, close: () => socket.close() };
}

describe("createSrvLookup against a real dnsmasq", () => {
  let dns: Dnsmasq;
  let down: Dnsmasq;
  beforeAll(async () => {
    dns = await startDnsmasq(records, { ttlSec: 42 });
    down = await startDnsmasq();
    await down.stop();
  });
  afterAll(() => dns?.stop());

  it("reads the SRV records and their TTL over UDP", async () => {
    const answer = await createSrvLookup({ servers: [dns.server] })(name);
    expect([...answer.records].sort(byPort)).toEqual(expected);
    expect(answer.ttlSec).toBe(42);
  });

  it("reads the SRV records through node:dns, without a TTL, when ttlAware is false", async () => {
    const answer = await createSrvLookup({ servers: [dns.server], ttlAware: false })(name);
    expect([...answer.records].sort(byPort)).toEqual(expected);
    expect(answer.ttlSec).toBeUndefined();
  });

  it.each([true, false])("answers NXDOMAIN with no records (ttlAware %s)", async (ttlAware) => {
    const lookup = createSrvLookup({ servers: [dns.server], ttlAware });
    await expect(lookup("_missing._tcp.example.test")).resolves.toMatchObject({ records: [] });
  });

  it.each([true, false])("rejects with EREFUSED when refused (ttlAware %s)", async (ttlAware) => {
    const lookup = createSrvLookup({ servers: [dns.server], ttlAware });
    await expect(lookup("_x._tcp.elsewhere.test")).rejects.toMatchObject({ code: "EREFUSED" });
  });

  it("rejects with ECONNREFUSED when the server is down", async () => {
    const lookup = createSrvLookup({ servers: [down.server] });
    await expect(lookup(name)).rejects.toMatchObject({ code: "ECONNREFUSED" });
  });

  it("tries the next server when the first one fails", async () => {
    const lookup = createSrvLookup({ servers: [down.server, dns.server] });
    await expect(lookup(name)).resolves.toMatchObject({ ttlSec: 42 });
  });
});

describe("createSrvLookup against a fake server", () => {
  it("rejects with ETIMEOUT after timeoutMs when the server never answers", async () => {
    const silent = await fakeServer(() => undefined);
    try {
      const t0 = performance.now();
      const lookup = createSrvLookup({ servers: [silent.server], timeoutMs: 100 });
      await expect(lookup(name)).rejects.toMatchObject({ code: "ETIMEOUT" });
      expect(performance.now() - t0).toBeGreaterThanOrEqual(95);
    } finally {
      silent.close();
    }
  });

  it("repeats a truncated answer through node:dns and reports no TTL", async () => {
    const fake = await fakeServer((query, n) =>
      n === 0
        ? response(query, [], 0x8380)
        : response(query, [{ ttl: 9, port: 7000, target: wireName("c.example.test") }]),
    );
    try {
      const answer = await createSrvLookup({ servers: [fake.server] })(name);
      expect(answer).toEqual({
        records: [{ target: "c.example.test", port: 7000, priority: 10, weight: 5 }],
      });
    } finally {
      fake.close();
    }
  });

  it("ignores an answer with another id", async () => {
    const fake = await fakeServer((query) => {
      const wrong = response(query, [{ ttl: 1, port: 1, target: wireName("x") }]);
      wrong.writeUInt16BE((query.readUInt16BE(0) + 1) & 0xffff, 0);
      return wrong;
    });
    try {
      const lookup = createSrvLookup({ servers: [fake.server], timeoutMs: 100 });
      await expect(lookup(name)).rejects.toMatchObject({ code: "ETIMEOUT" });
    } finally {
      fake.close();
    }
  });

  it("rejects with a RangeError for a malformed answer", async () => {
    const fake = await fakeServer((query) => response(query, []).subarray(0, 6));
    try {
      await expect(createSrvLookup({ servers: [fake.server] })(name)).rejects.toThrow(RangeError);
    } finally {
      fake.close();
    }
  });
});

describe("createSrvLookup options", () => {
  it("accepts IPv4 and IPv6 servers with or without a port", () => {
    expect(() =>
      createSrvLookup({ servers: ["127.0.0.1", "127.0.0.1:5353", "::1", "[::1]:5353"] }),
    ).not.toThrow();
  });

  it.each([
    ["a port out of range", { servers: ["127.0.0.1:70000"] }],
    ["a malformed server", { servers: ["[::1"] }],
    ["servers that are not strings", { servers: [53] }],
    ["a zero timeoutMs", { timeoutMs: 0 }],
  ])("throws a TypeError for %s", (_label, options) => {
    expect(() => createSrvLookup(options as Parameters<typeof createSrvLookup>[0])).toThrow(
      TypeError,
    );
  });
});
