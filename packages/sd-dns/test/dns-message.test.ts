import { decodeSrvResponse, encodeSrvQuery } from "../src/dns-message.js";
import { wireName as name, response } from "./support/dns-response.js";

describe("encodeSrvQuery", () => {
  it("encodes one recursive IN SRV question with the given id", () => {
    const q = encodeSrvQuery(0x1234, "_a._tcp.example.test.");
    expect(q.readUInt16BE(0)).toBe(0x1234);
    expect(q.readUInt16BE(2)).toBe(0x0100);
    expect(q.readUInt16BE(4)).toBe(1);
    expect(q.subarray(12)).toEqual(
      Buffer.concat([name("_a._tcp.example.test"), Buffer.from([0, 33, 0, 1])]),
    );
  });

  it("throws a TypeError for an empty or too long label", () => {
    expect(() => encodeSrvQuery(1, "a..b")).toThrow(TypeError);
    expect(() => encodeSrvQuery(1, `${"x".repeat(64)}.test`)).toThrow(TypeError);
  });
});

describe("decodeSrvResponse", () => {
  const query = encodeSrvQuery(7, "_a._tcp.example.test");

  it("reads every SRV record, following compression pointers, and the smallest TTL", () => {
    const decoded = decodeSrvResponse(
      response(query, [
        { ttl: 30, port: 8080, target: name("a.example") },
        { ttl: 5, port: 8081, target: Buffer.from([0xc0, 0x0c]) },
      ]),
    );
    expect(decoded).toEqual({
      id: 7,
      rcode: 0,
      truncated: false,
      answer: {
        ttlSec: 5,
        records: [
          { target: "a.example", port: 8080, priority: 10, weight: 5 },
          { target: "_a._tcp.example.test", port: 8081, priority: 10, weight: 5 },
        ],
      },
    });
  });

  it("skips records of other types", () => {
    const decoded = decodeSrvResponse(
      response(query, [{ ttl: 1, port: 1, target: name("x"), type: 5 }]),
    );
    expect(decoded.answer).toEqual({ records: [], ttlSec: undefined });
  });

  it("reports the response code and the truncation bit", () => {
    expect(decodeSrvResponse(response(query, [], 0x8183)).rcode).toBe(3);
    expect(decodeSrvResponse(response(query, [], 0x8380)).truncated).toBe(true);
  });

  it("throws a RangeError for a truncated message or a compression loop", () => {
    const full = response(query, [{ ttl: 1, port: 1, target: name("a") }]);
    expect(() => decodeSrvResponse(full.subarray(0, 8))).toThrow(RangeError);
    expect(() => decodeSrvResponse(full.subarray(0, full.length - 2))).toThrow(RangeError);
    const loop = response(query, [{ ttl: 1, port: 1, target: Buffer.from([0xc0, 0x00]) }]);
    const at = loop.length - 2;
    loop.writeUInt16BE(0xc000 | at, at);
    expect(() => decodeSrvResponse(loop)).toThrow(RangeError);
  });
});
