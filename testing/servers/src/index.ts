/**
 * Real servers for this repository's test suites, on free loopback ports, each stopped by its
 * own PID. Private: tests only.
 *
 * @packageDocumentation
 */
export type { EtcdMember } from "./etcd.js";
export { startEtcd, startEtcdCluster } from "./etcd.js";
export { freePort } from "./free-port.js";
