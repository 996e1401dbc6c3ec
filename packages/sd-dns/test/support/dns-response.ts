/** Hand-built DNS responses for tests of the decoder and of fake DNS servers. */

/** A name in wire format, uncompressed. */
export const wireName = (text: string): Buffer =>
  Buffer.concat([
    ...text.split(".").map((l) => Buffer.concat([Buffer.from([l.length]), Buffer.from(l)])),
    Buffer.from([0]),
  ]);

/** One answer record: SRV (priority 10, weight 5) unless `type` says otherwise. */
export interface FakeAnswer {
  ttl: number;
  port: number;
  /** The target in wire format (may be a compression pointer). */
  target: Buffer;
  type?: number;
}

/**
 * A response to `query` (any client's: extra sections are dropped) with `answers`, whose owner
 * names point at the question, and header `flags` (default: a NOERROR response).
 */
export function response(query: Buffer, answers: FakeAnswer[], flags = 0x8180): Buffer {
  let end = 12;
  while (query[end] !== 0) end += 1 + (query[end] as number);
  end += 1 + 4;
  const header = Buffer.from(query.subarray(0, 12));
  header.writeUInt16BE(flags, 2);
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(answers.length, 6);
  header.writeUInt16BE(0, 8);
  header.writeUInt16BE(0, 10);
  const parts = [header, query.subarray(12, end)];
  for (const a of answers) {
    const fixed = Buffer.alloc(12 + 6);
    fixed.writeUInt16BE(0xc00c, 0);
    fixed.writeUInt16BE(a.type ?? 33, 2);
    fixed.writeUInt16BE(1, 4);
    fixed.writeUInt32BE(a.ttl, 6);
    fixed.writeUInt16BE(6 + a.target.length, 10);
    fixed.writeUInt16BE(10, 12);
    fixed.writeUInt16BE(5, 14);
    fixed.writeUInt16BE(a.port, 16);
    parts.push(fixed, a.target);
  }
  return Buffer.concat(parts);
}
