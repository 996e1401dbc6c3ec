/**
 * etcd service discovery for `@kit` (go-kit's `sd/etcdv3`). {@link createEtcdInstancer} watches a
 * key prefix and reports the addresses stored under it as an `Instancer` for
 * `createEndpointer`; {@link createEtcdRegistrar} announces this process under that prefix with
 * a leased key that disappears when the process dies, and re-registers itself after etcd loses
 * the lease.
 *
 * Use it when your services already run next to an etcd cluster (Kubernetes control planes,
 * self-hosted platforms) and clients should balance across instances that come and go.
 *
 * @packageDocumentation
 */

export type { EtcdClientOptions } from "./client-options.js";
export type { EtcdInstancerOptions } from "./etcd-instancer.js";
export { createEtcdInstancer } from "./etcd-instancer.js";
export type { EtcdRegistrarOptions } from "./etcd-registrar.js";
export { createEtcdRegistrar } from "./etcd-registrar.js";
