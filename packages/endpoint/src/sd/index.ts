/**
 * Service discovery and client-side load balancing, go-kit's `sd` and `sd/lb`: use this subpath
 * when a client calls a service that runs as several instances whose addresses change.
 *
 * An {@link Instancer} reports the instances (from sd-etcd, sd-consul, sd-dns, sd-zookeeper, or
 * {@link fixedInstancer}); {@link createEndpointer} turns each instance into an endpoint with a
 * {@link Factory}; a {@link Balancer} ({@link roundRobin}, {@link random}, {@link leastPending})
 * picks one per call; {@link retry} wraps a balancer into a single endpoint with a retry budget.
 * Adapters build their Instancer on {@link createInstanceCache} and implement {@link Registrar}.
 *
 * @example
 * import { createEndpointer, fixedInstancer, retry, roundRobin } from "`@kit/endpoint`/sd";
 * const endpointer = createEndpointer(fixedInstancer(["10.0.0.1:8080", "10.0.0.2:8080"]), factory);
 * const sum = retry(3, 500, roundRobin(endpointer));
 *
 * @packageDocumentation
 */

export type { Balancer } from "./balancer.js";
export type { Endpointer, EndpointerOptions } from "./endpointer.js";
export { createEndpointer } from "./endpointer.js";
export type { Event } from "./event.js";
export type { Factory, FactoryResult } from "./factory.js";
export { fixedInstancer } from "./fixed-instancer.js";
export type { InstanceCache, InstanceCacheOptions } from "./instance-cache.js";
export { createInstanceCache } from "./instance-cache.js";
export type { Instancer, InstancerListener } from "./instancer.js";
export type { LeastPendingOptions } from "./least-pending.js";
export { leastPending } from "./least-pending.js";
export type { RandomOptions } from "./random.js";
export { random } from "./random.js";
export type { Registrar } from "./registrar.js";
export type { RetryOptions } from "./retry.js";
export { retry } from "./retry.js";
export { roundRobin } from "./round-robin.js";
