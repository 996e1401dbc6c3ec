import type { Addsvc, AddsvcOptions } from "@kit/example-addsvc/dist/app.js";
import { startAddsvc } from "@kit/example-addsvc/dist/app.js";
import { protoPath } from "@kit/example-addsvc/dist/proto-path.js";
import { addService } from "@kit/example-addsvc/dist/service/service.js";

const unlimited = { ratePerSec: 1e9, burst: 1e9 };

/** An in-process addsvc that counts the calls its service served. */
export interface Instance {
  readonly name: string;
  readonly svc: Addsvc;
  /** Calls served since the last reset. */
  served: number;
}

/** What an {@link Instance} listens on and where it registers. */
export type InstanceOptions = Pick<AddsvcOptions, "etcd" | "consul"> & {
  /** Also listen on gRPC. Default: HTTP only. */
  readonly grpc?: boolean;
  /** Delay before each `sum` answers, in ms. Default 0. */
  readonly delayMs?: number;
};

/** Starts an addsvc on free loopback ports, without rate limits, counting its calls. */
export async function startInstance(
  name: string,
  options: InstanceOptions = {},
): Promise<Instance> {
  const plain = addService();
  const counted: { served: number } = { served: 0 };
  const { delayMs = 0 } = options;
  const svc = await startAddsvc({
    http: { host: "127.0.0.1", port: 0 },
    grpc: options.grpc ? { host: "127.0.0.1", port: 0 } : undefined,
    protoPath,
    limits: { sum: unlimited, concat: unlimited },
    service: {
      sum: async (ctx, a, b) => {
        counted.served++;
        if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
        return plain.sum(ctx, a, b);
      },
      concat: (ctx, a, b) => {
        counted.served++;
        return plain.concat(ctx, a, b);
      },
    },
    etcd: options.etcd,
    consul: options.consul,
  });
  return Object.assign(counted, { name, svc });
}

/** Sets every instance's `served` back to 0. */
export function reset(instances: readonly Instance[]): void {
  for (const instance of instances) instance.served = 0;
}
