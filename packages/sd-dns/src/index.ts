/**
 * DNS SRV service discovery for @kit (go-kit's `sd/dnssrv`): use it when the instances of a
 * service are published as SRV records (Kubernetes headless services, Consul DNS, CoreDNS,
 * dnsmasq) and you only need to read them. {@link createSrvInstancer} polls the records,
 * TTL-aware, and feeds a `createEndpointer` from `@kit/endpoint/sd`. DNS has no registration
 * API, so there is no Registrar: whoever manages the zone publishes the records.
 *
 * @example
 * import { createSrvInstancer } from "@kit/sd-dns";
 * import { createEndpointer, roundRobin } from "@kit/endpoint/sd";
 * const instancer = createSrvInstancer({ name: "_addsvc._tcp.example.com", intervalMs: 30_000 });
 * const balancer = roundRobin(createEndpointer(instancer, factory));
 *
 * @packageDocumentation
 */

export type { SrvAnswer, SrvRecord } from "./dns-message.js";
export type { SrvInstancerOptions } from "./srv-instancer.js";
export { createSrvInstancer } from "./srv-instancer.js";
export type { SrvLookup, SrvLookupOptions } from "./srv-lookup.js";
export { createSrvLookup } from "./srv-lookup.js";
