/**
 * One SRV record as read from a DNS answer.
 *
 * @example
 * const record: SrvRecord = { target: "a.example.com", port: 8080, priority: 10, weight: 5 };
 */
export interface SrvRecord {
  /** The target host name, without a trailing dot (`"."`, "no service", is kept as `""`). */
  readonly target: string;
  /** The port on the target. */
  readonly port: number;
  /** RFC 2782 priority (lower is preferred). */
  readonly priority: number;
  /** RFC 2782 weight among records of the same priority. */
  readonly weight: number;
}

/**
 * A parsed answer to an SRV query: what an {@link SrvLookup} resolves with.
 *
 * @example
 * const answer: SrvAnswer = { records: [{ target: "a.example.com", port: 80, priority: 0, weight: 0 }], ttlSec: 30 };
 */
export interface SrvAnswer {
  /** The SRV records in the answer section, in wire order. */
  readonly records: readonly SrvRecord[];
  /**
   * The smallest TTL of those records, in seconds; `undefined` when the lookup cannot tell (the
   * `node:dns` lookup) or there are no records.
   */
  readonly ttlSec?: number | undefined;
}

/** A decoded response: its id, response code, truncation bit and SRV answer. Internal. */
export interface DecodedResponse {
  readonly id: number;
  /** The DNS RCODE: 0 NOERROR, 2 SERVFAIL, 3 NXDOMAIN, 5 REFUSED, ... */
  readonly rcode: number;
  /** The TC bit: the answer did not fit in UDP. */
  readonly truncated: boolean;
  readonly answer: SrvAnswer;
}

const typeSrv = 33;
const classIn = 1;

/**
 * Encodes a recursive query for the SRV records of `name` with message id `id`. Internal.
 *
 * @example
 * socket.send(encodeSrvQuery(42, "_addsvc._tcp.example.com"));
 */
export function encodeSrvQuery(id: number, name: string): Buffer {
  const labels = name.replace(/\.$/, "").split(".");
  const parts: Buffer[] = [];
  const header = Buffer.alloc(12);
  header.writeUInt16BE(id & 0xffff, 0);
  header.writeUInt16BE(0x0100, 2); // RD
  header.writeUInt16BE(1, 4); // QDCOUNT
  parts.push(header);
  for (const label of labels) {
    const bytes = Buffer.from(label, "ascii");
    if (bytes.length === 0 || bytes.length > 63) {
      throw new TypeError(`invalid DNS name ${JSON.stringify(name)}`);
    }
    parts.push(Buffer.from([bytes.length]), bytes);
  }
  const tail = Buffer.alloc(5);
  tail.writeUInt8(0, 0);
  tail.writeUInt16BE(typeSrv, 1);
  tail.writeUInt16BE(classIn, 3);
  parts.push(tail);
  return Buffer.concat(parts);
}

/**
 * Decodes a response to {@link encodeSrvQuery}: header fields and every SRV record of the answer
 * section (other record types, such as CNAMEs, are skipped). Throws a RangeError for a malformed
 * message. Internal.
 *
 * @example
 * const { id, rcode, answer } = decodeSrvResponse(message);
 */
export function decodeSrvResponse(msg: Buffer): DecodedResponse {
  if (msg.length < 12) throw new RangeError("DNS message shorter than its header");
  const id = msg.readUInt16BE(0);
  const flags = msg.readUInt16BE(2);
  const qdcount = msg.readUInt16BE(4);
  const ancount = msg.readUInt16BE(6);
  let offset = 12;
  for (let i = 0; i < qdcount; i++) offset = readName(msg, offset).next + 4;
  const records: SrvRecord[] = [];
  let ttlSec: number | undefined;
  for (let i = 0; i < ancount; i++) {
    offset = readName(msg, offset).next;
    need(msg, offset + 10);
    const type = msg.readUInt16BE(offset);
    const ttl = msg.readUInt32BE(offset + 4);
    const rdlength = msg.readUInt16BE(offset + 8);
    const rdata = offset + 10;
    need(msg, rdata + rdlength);
    if (type === typeSrv) {
      need(msg, rdata + 6);
      const target = readName(msg, rdata + 6).name;
      records.push({
        priority: msg.readUInt16BE(rdata),
        weight: msg.readUInt16BE(rdata + 2),
        port: msg.readUInt16BE(rdata + 4),
        target,
      });
      ttlSec = ttlSec === undefined ? ttl : Math.min(ttlSec, ttl);
    }
    offset = rdata + rdlength;
  }
  return {
    id,
    rcode: flags & 0x0f,
    truncated: (flags & 0x0200) !== 0,
    answer: { records, ttlSec },
  };
}

function need(msg: Buffer, end: number): void {
  if (end > msg.length) throw new RangeError("DNS message truncated");
}

/** Reads a possibly compressed name at `start`; `next` is the offset after it in place. */
function readName(msg: Buffer, start: number): { name: string; next: number } {
  const labels: string[] = [];
  let offset = start;
  let next = -1;
  for (let jumps = 0; ; ) {
    need(msg, offset + 1);
    const len = msg.readUInt8(offset);
    if (len === 0) {
      if (next < 0) next = offset + 1;
      break;
    }
    if ((len & 0xc0) === 0xc0) {
      need(msg, offset + 2);
      if (next < 0) next = offset + 2;
      if (++jumps > 32) throw new RangeError("DNS name compression loop");
      offset = msg.readUInt16BE(offset) & 0x3fff;
      continue;
    }
    if ((len & 0xc0) !== 0) throw new RangeError("unsupported DNS label type");
    need(msg, offset + 1 + len);
    labels.push(msg.toString("ascii", offset + 1, offset + 1 + len));
    offset += 1 + len;
  }
  return { name: labels.join("."), next };
}
