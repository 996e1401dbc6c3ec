import type {
  handleBidiStreamingCall,
  handleClientStreamingCall,
  handleServerStreamingCall,
  handleUnaryCall,
  MethodDefinition,
  Server,
  ServerUnaryCall,
  ServiceDefinition,
  StatusObject,
  sendUnaryData,
  UntypedHandleCall,
} from "@grpc/grpc-js";
import { Metadata } from "@grpc/grpc-js";
import { codeTable } from "@kit/endpoint";
import { guardDeserialize, isMalformedRequest, malformedMessage } from "./malformed.js";

/** What {@link addService} needs to know of each method of a service definition. */
export interface MethodShape {
  /** The full method path, `/package.Service/Method`. */
  readonly path: string;
  /** Whether the client streams requests. */
  readonly requestStream: boolean;
  /** Whether the server streams responses. */
  readonly responseStream: boolean;
  /** The method's name as written in the `.proto` file, when the key differs. */
  readonly originalName?: string;
}

type RequestOf<M> = M extends { readonly requestDeserialize: (bytes: Buffer) => infer Req }
  ? Req
  : never;
type ResponseOf<M> = M extends { readonly responseSerialize: (value: infer Res) => Buffer }
  ? Res
  : never;

/**
 * The grpc-js handler type that fits method definition `M`: a `handleUnaryCall` for a unary
 * method, a streaming handler for a streaming one, any of them when the definition does not say
 * (as for definitions loaded at run time).
 */
export type HandlerFor<M> = M extends {
  readonly requestStream: false;
  readonly responseStream: false;
}
  ? handleUnaryCall<RequestOf<M>, ResponseOf<M>>
  : M extends { readonly requestStream: false; readonly responseStream: true }
    ? handleServerStreamingCall<RequestOf<M>, ResponseOf<M>>
    : M extends { readonly requestStream: true; readonly responseStream: false }
      ? handleClientStreamingCall<RequestOf<M>, ResponseOf<M>>
      : M extends { readonly requestStream: true; readonly responseStream: true }
        ? handleBidiStreamingCall<RequestOf<M>, ResponseOf<M>>
        :
            | handleUnaryCall<RequestOf<M>, ResponseOf<M>>
            | handleServerStreamingCall<RequestOf<M>, ResponseOf<M>>
            | handleClientStreamingCall<RequestOf<M>, ResponseOf<M>>
            | handleBidiStreamingCall<RequestOf<M>, ResponseOf<M>>;

/**
 * The handlers for service `S`, by method name: only names `S` declares are accepted (when its
 * type lists them), each optional.
 *
 * @example
 * const handlers: ServiceHandlers<typeof AddService> = { sum: createServer(sum, decode, encode) };
 */
export type ServiceHandlers<S> = { readonly [K in keyof S]?: HandlerFor<S[K]> };

/**
 * Registers a service on a grpc-js server, like `server.addService`, with three differences:
 *
 * - handler names are checked: a name the service lacks is a compile error when the definition's
 *   type lists its methods (generated code, or {@link loadService} given the names), and a
 *   `TypeError` at run time in any case; a handler made for another call shape (its `kind`) is
 *   a `TypeError` too;
 * - methods without a handler answer `UNIMPLEMENTED` (12);
 * - for unary methods, a request whose bytes do not deserialize answers `INVALID_ARGUMENT` (3),
 *   "malformed request", where grpc-js alone answers `INTERNAL`; the server keeps serving. Handlers
 *   from {@link createServer} see it as an `invalid_argument` error (their error handler and
 *   finalizers run); other handlers are not called.
 *
 * Keys may be the definition's method names or their `originalName`s. The given definition is
 * not changed: the server gets a copy with guarded deserializers. Works with definitions from
 * {@link loadService}, `@grpc/proto-loader`, grpc-tools and ts-proto.
 *
 * @throws TypeError when a handler name is not a method of the service or a handler does not fit.
 * @example
 * const { definition } = loadService<"Sum" | "Concat">("add.proto", "pb.Add");
 * addService(server, definition, { Sum: createServer(sum, decodeSum, encodeSum) });
 */
export function addService<S extends { readonly [K in keyof S]: MethodShape }>(
  server: Server,
  service: S,
  handlers: ServiceHandlers<S>,
): void {
  if (typeof service !== "object" || service === null)
    throw new TypeError("addService: service must be a service definition");
  if (typeof handlers !== "object" || handlers === null)
    throw new TypeError("addService: handlers must be an object of method handlers");
  const methods = Object.entries(service) as [string, MethodDefinition<unknown, unknown>][];
  const given = handlers as Readonly<Record<string, unknown>>;
  const known = new Set<string>();
  for (const [name, method] of methods) {
    known.add(name);
    if (method.originalName !== undefined) known.add(method.originalName);
  }
  for (const name of Object.keys(given)) {
    if (!known.has(name))
      throw new TypeError(
        `addService: "${name}" is not a method of the service (methods: ${methods.map(([n]) => n).join(", ")})`,
      );
    if (given[name] !== undefined && typeof given[name] !== "function")
      throw new TypeError(`addService: the handler for "${name}" must be a function`);
  }

  const definition: Record<string, MethodDefinition<unknown, unknown>> = {};
  const implementation: Record<string, UntypedHandleCall> = {};
  for (const [name, method] of methods) {
    const kind = kindOf(method);
    const handler = (given[name] ??
      (method.originalName === undefined ? undefined : given[method.originalName])) as
      | (UntypedHandleCall & { readonly kind?: unknown })
      | undefined;
    if (handler?.kind !== undefined && handler.kind !== kind)
      throw new TypeError(
        `addService: the handler for "${name}" serves ${String(handler.kind)} calls, the method is ${kind}`,
      );
    if (kind === "unary") {
      definition[name] = {
        ...method,
        requestDeserialize: guardDeserialize(method.requestDeserialize),
      };
      implementation[name] =
        handler === undefined
          ? unimplementedUnary(method.path)
          : handler.kind === "unary"
            ? handler
            : rejectMalformed(handler as handleUnaryCall<unknown, unknown>);
    } else {
      definition[name] = method;
      implementation[name] = handler ?? unimplementedStream(method.path);
    }
  }
  server.addService(definition as ServiceDefinition, implementation);
}

type Kind = "unary" | "server_stream" | "client_stream" | "bidi";

function kindOf(method: MethodShape): Kind {
  if (method.requestStream) return method.responseStream ? "bidi" : "client_stream";
  return method.responseStream ? "server_stream" : "unary";
}

function unimplementedStatus(path: string): StatusObject {
  return {
    code: codeTable.unimplemented.grpcStatus,
    details: `method ${path} is not implemented`,
    metadata: new Metadata(),
  };
}

function unimplementedUnary(path: string): handleUnaryCall<unknown, unknown> {
  return (_call, callback) => callback(unimplementedStatus(path), null);
}

/** For server- and client-streaming and bidi methods: answers the way grpc-js's default does. */
function unimplementedStream(path: string): UntypedHandleCall {
  return (call: { emit(event: "error", status: StatusObject): boolean }, callback?: unknown) => {
    if (typeof callback === "function")
      (callback as sendUnaryData<unknown>)(unimplementedStatus(path), null);
    else call.emit("error", unimplementedStatus(path));
  };
}

/** Wraps a handler not made by this package so a malformed request never reaches it. */
function rejectMalformed(
  handler: handleUnaryCall<unknown, unknown>,
): handleUnaryCall<unknown, unknown> {
  return (call: ServerUnaryCall<unknown, unknown>, callback) => {
    if (isMalformedRequest(call.request))
      callback(
        {
          code: codeTable.invalid_argument.grpcStatus,
          details: malformedMessage,
          metadata: new Metadata(),
        },
        null,
      );
    else handler(call, callback);
  };
}
