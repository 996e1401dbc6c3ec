/**
 * Consul service discovery for @kit, go-kit's `sd/consul`: use it when your services register
 * with a Consul agent. {@link createConsulInstancer} watches a service's healthy instances with
 * blocking queries and feeds `createEndpointer` from `@kit/endpoint/sd`;
 * {@link createConsulRegistrar} registers this instance (with a TTL, HTTP or gRPC check) and
 * keeps a TTL check passing. Talks to Consul's HTTP API with Node's fetch; no client library.
 *
 * @example
 * import { createEndpointer, roundRobin } from "@kit/endpoint/sd";
 * import { createConsulInstancer } from "@kit/sd-consul";
 * const instancer = createConsulInstancer({ address: "http://127.0.0.1:8500", service: "addsvc" });
 * const balancer = roundRobin(createEndpointer(instancer, factory));
 *
 * @packageDocumentation
 */
export type { BackoffOptions } from "./backoff.js";
export type { ConsulInstancerOptions } from "./consul-instancer.js";
export { createConsulInstancer } from "./consul-instancer.js";
export type {
  ConsulGrpcCheck,
  ConsulHttpCheck,
  ConsulRegistrarOptions,
  ConsulService,
  ConsulTtlCheck,
} from "./consul-registrar.js";
export { createConsulRegistrar } from "./consul-registrar.js";
