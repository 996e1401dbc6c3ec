/**
 * Real servers for this repository's test suites, on free loopback ports, each stopped by its
 * own PID (or, for the in-process Consul-API server, by closing it). Private: tests only.
 *
 * @packageDocumentation
 */
export type { ConsulTestServer, RecordedRequest, StoredService } from "./consul.js";
export { startConsulTestServer } from "./consul.js";
export type { Dnsmasq, SrvHost } from "./dnsmasq.js";
export { startDnsmasq } from "./dnsmasq.js";
export type { EtcdMember } from "./etcd.js";
export { startEtcd, startEtcdCluster } from "./etcd.js";
export { freePort } from "./free-port.js";
export type { ZooKeeperServer } from "./zookeeper.js";
export {
  fourLetter,
  MAX_SESSION_MS,
  MIN_SESSION_MS,
  startZooKeeper,
} from "./zookeeper.js";
