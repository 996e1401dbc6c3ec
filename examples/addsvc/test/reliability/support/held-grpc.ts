import { connect, constants } from "node:http2";

/** How a held gRPC call ended: its `grpc-status` and the reply message's bytes. */
export interface GrpcAnswer {
  readonly grpcStatus: number;
  readonly reply: Buffer;
}

/** A unary gRPC call whose request the server has begun to read, and whose message waits. */
export interface HeldGrpcCall {
  /** Resolves once the server has processed the call's HEADERS: the call is in flight there. */
  readonly inFlight: Promise<void>;
  /** Sends the message, ends the request, and resolves with the answer. */
  release(): Promise<GrpcAnswer>;
}

/**
 * Opens a unary gRPC call to `path` on its own HTTP/2 connection, sends the headers and the
 * message's 5-byte length prefix, and holds the message back. A PING sent after them comes back
 * only once the server has read them, which is when {@link HeldGrpcCall.inFlight} resolves.
 */
export function holdGrpcCall(address: string, path: string, message: Buffer): HeldGrpcCall {
  const session = connect(`http://${address}`);
  const stream = session.request({
    [constants.HTTP2_HEADER_METHOD]: "POST",
    [constants.HTTP2_HEADER_PATH]: path,
    "content-type": "application/grpc",
    te: "trailers",
  });
  const prefix = Buffer.alloc(5);
  prefix.writeUInt32BE(message.length, 1);
  const chunks: Buffer[] = [];
  stream.on("data", (chunk: Buffer) => chunks.push(chunk));
  const answer = new Promise<GrpcAnswer>((resolve, reject) => {
    let grpcStatus = Number.NaN;
    const read = (headers: Record<string, unknown>) => {
      if (headers["grpc-status"] !== undefined) grpcStatus = Number(headers["grpc-status"]);
    };
    stream.on("response", read);
    stream.on("trailers", read);
    stream.on("error", reject);
    stream.on("close", () => {
      session.close();
      const body = Buffer.concat(chunks);
      resolve({
        grpcStatus,
        reply: body.subarray(5, 5 + (body.length >= 5 ? body.readUInt32BE(1) : 0)),
      });
    });
  });
  const inFlight = new Promise<void>((resolve, reject) => {
    stream.once("ready", () =>
      stream.write(prefix, () => {
        session.ping((err) => (err ? reject(err) : resolve()));
      }),
    );
    stream.once("error", reject);
  });
  return {
    inFlight,
    release: () => {
      stream.end(message);
      return answer;
    },
  };
}
