import type { ServiceError } from "@grpc/grpc-js";
import { Client, credentials, Metadata } from "@grpc/grpc-js";

/** How one raw gRPC call ended: its status code and details, and the reply bytes on OK. */
export interface RawOutcome {
  readonly code: number;
  readonly details: string;
  readonly reply?: Buffer;
}

const passThrough = (bytes: Buffer) => bytes;

/** A grpc-js client that sends request bytes as they are and hands back the reply's bytes. */
export interface RawGrpcClient {
  /** Calls `path` (`/package.Service/Method`) with `bytes` as the request message. */
  call(
    path: string,
    bytes: Uint8Array,
    metadata?: Readonly<Record<string, string>>,
  ): Promise<RawOutcome>;
  close(): void;
}

/** Opens a raw client to `address` (`host:port`), plaintext. */
export function rawGrpcClient(address: string): RawGrpcClient {
  const client = new Client(address, credentials.createInsecure());
  return {
    call: (path, bytes, metadata = {}) =>
      new Promise((resolve) => {
        const md = new Metadata();
        for (const [k, v] of Object.entries(metadata)) md.add(k, v);
        client.makeUnaryRequest(
          path,
          passThrough,
          passThrough,
          Buffer.from(bytes),
          md,
          (err: ServiceError | null, reply?: Buffer) => {
            if (err) resolve({ code: err.code, details: err.details });
            else resolve({ code: 0, details: "", reply });
          },
        );
      }),
    close: () => client.close(),
  };
}
