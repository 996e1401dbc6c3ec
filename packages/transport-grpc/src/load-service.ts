import type { GrpcObject, ServiceClientConstructor, ServiceDefinition } from "@grpc/grpc-js";
import { loadPackageDefinition } from "@grpc/grpc-js";
import type { Options as LoaderOptions } from "@grpc/proto-loader";
import { loadSync } from "@grpc/proto-loader";

export type { LoaderOptions };

/**
 * The `@grpc/proto-loader` options {@link loadService} starts from; yours are applied on top.
 * `longs: String` keeps 64-bit integers exact (JavaScript numbers are not beyond 2^53): int64
 * fields arrive as decimal strings and may be sent as strings or numbers; convert with
 * `BigInt(s)` and `v.toString()`. `enums: String` gives enum names, `defaults: true` fills unset
 * fields with their zero values, `oneofs: true` adds a property naming the set member.
 *
 * @example
 * loadService("add.proto", "pb.Add", { ...defaultLoaderOptions, keepCase: true });
 */
export const defaultLoaderOptions: Readonly<LoaderOptions> = Object.freeze({
  longs: String,
  enums: String,
  defaults: true,
  oneofs: true,
});

/** What {@link loadService} returns: the service's definition and a client class for it. */
export interface LoadedService<M extends string = string> {
  /** The grpc-js service definition, for {@link addService} or `server.addService`. */
  readonly definition: ServiceDefinition<Record<M, unknown>>;
  /** The generated grpc-js client class: `new Client("127.0.0.1:50051", credentials)`. */
  readonly Client: ServiceClientConstructor;
}

/**
 * Loads one service from `.proto` files with `@grpc/proto-loader` and grpc-js's
 * `loadPackageDefinition`. `serviceName` is fully qualified (`"pb.Add"`). Loader options default
 * to {@link defaultLoaderOptions} (int64 as strings, so they stay exact); pass `includeDirs` for
 * imports. Name the methods as a type argument to have {@link addService} check handler names.
 *
 * Loading is synchronous: do it once, at startup.
 *
 * @throws TypeError when the files cannot be loaded or do not define the service.
 * @example
 * const { definition, Client } = loadService<"Sum" | "Concat">("./add.proto", "pb.Add");
 * addService(server, definition, { Sum: createServer(sum, decodeSum, encodeSum) });
 * const client = new Client("127.0.0.1:8081", grpc.credentials.createInsecure());
 */
export function loadService<M extends string = string>(
  protoPath: string | readonly string[],
  serviceName: string,
  loaderOptions: LoaderOptions = {},
): LoadedService<M> {
  if (typeof serviceName !== "string" || serviceName === "")
    throw new TypeError("loadService: serviceName must be a non-empty string such as pb.Add");
  const paths = typeof protoPath === "string" ? [protoPath] : [...protoPath];
  if (paths.length === 0 || !paths.every((p) => typeof p === "string" && p !== ""))
    throw new TypeError("loadService: protoPath must be a path or a non-empty list of paths");
  let packageDefinition: ReturnType<typeof loadSync>;
  try {
    packageDefinition = loadSync(paths, { ...defaultLoaderOptions, ...loaderOptions });
  } catch (err) {
    throw new TypeError(`loadService: cannot load ${paths.join(", ")}: ${messageOf(err)}`, {
      cause: err,
    });
  }
  const name = serviceName.replace(/^\./, "");
  const found = packageDefinition[name];
  if (found === undefined || "format" in found) {
    const services = Object.keys(packageDefinition).filter(
      (k) => !("format" in (packageDefinition[k] as object)),
    );
    throw new TypeError(
      `loadService: ${paths.join(", ")} defines no service "${name}" (services: ${services.join(", ") || "none"})`,
    );
  }
  let node: GrpcObject[string] | undefined = loadPackageDefinition(packageDefinition);
  for (const part of name.split(".")) node = (node as GrpcObject | undefined)?.[part];
  const Client = node as ServiceClientConstructor;
  return { definition: Client.service as ServiceDefinition<Record<M, unknown>>, Client };
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
