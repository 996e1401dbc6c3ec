import type { Registrar } from "@kit/endpoint/sd";
import { createConsulInstancer, createConsulRegistrar } from "@kit/sd-consul";
import { createSrvInstancer } from "@kit/sd-dns";
import { createEtcdInstancer, createEtcdRegistrar } from "@kit/sd-etcd";
import { createZooKeeperInstancer, createZooKeeperRegistrar } from "@kit/sd-zookeeper";
import {
  type SrvHost,
  startConsulTestServer,
  startDnsmasq,
  startEtcd,
  startZooKeeper,
} from "@kit/test-servers";
import type { Backend } from "./propagation.js";

const service = "addsvc";

function hostPort(instance: string): { host: string; port: number } {
  const colon = instance.lastIndexOf(":");
  return { host: instance.slice(0, colon), port: Number(instance.slice(colon + 1)) };
}

/** A real etcd (Debian `etcd-server`) on a free loopback port; prefix watch and leases. */
export async function etcdBackend(): Promise<Backend> {
  const etcd = await startEtcd();
  const prefix = `/bench/${service}/`;
  return {
    name: "etcd (watch)",
    instancer: () => createEtcdInstancer({ hosts: etcd.url, prefix }),
    registrar: (id, instance) =>
      createEtcdRegistrar({ hosts: etcd.url, prefix, id, instance, ttlSec: 10 }),
    close: () => etcd.close(),
  };
}

/** A real ZooKeeper (Debian `zookeeper`) on a free loopback port; children watch. */
export async function zookeeperBackend(): Promise<Backend> {
  const zk = await startZooKeeper();
  const path = `/bench/${service}`;
  return {
    name: "ZooKeeper (children watch)",
    instancer: () => createZooKeeperInstancer({ connect: zk.connect, path }),
    registrar: (_id, instance) => createZooKeeperRegistrar({ connect: zk.connect, path, instance }),
    close: () => zk.stop(),
  };
}

/** The repository's Consul-API test server (in process), read with blocking queries. */
export async function consulBackend(): Promise<Backend> {
  const consul = await startConsulTestServer();
  return {
    name: "Consul API (blocking queries)",
    instancer: () => createConsulInstancer({ address: consul.address, service }),
    registrar: (id, instance) => {
      const { host, port } = hostPort(instance);
      return createConsulRegistrar({
        address: consul.address,
        service: { id, name: service, address: host, port },
      });
    },
    close: () => consul.close(),
  };
}

/** How often the DNS SRV instancers poll, in ms: their propagation is bounded by it. */
export const DNS_INTERVAL_MS = 200;

/**
 * A real dnsmasq serving SRV records on a free loopback port, polled by SRV instancers every
 * {@link DNS_INTERVAL_MS}. DNS has no registration: "register" and "deregister" rewrite the
 * records (dnsmasq restarts with the new set), so the time includes that restart. Each change
 * waits a random part of the poll interval first, so changes land at every phase of the polls.
 */
export async function dnsBackend(): Promise<Backend> {
  const name = `_${service}._tcp.example.test`;
  const dns = await startDnsmasq([], { ttlSec: 0 });
  const records = (): SrvHost[] => [...dns.records];
  return {
    name: `DNS SRV (poll every ${DNS_INTERVAL_MS} ms)`,
    instancer: () =>
      createSrvInstancer({
        name,
        servers: [dns.server],
        intervalMs: DNS_INTERVAL_MS,
        minIntervalMs: DNS_INTERVAL_MS,
        maxBackoffMs: DNS_INTERVAL_MS,
        ttlAware: false,
        // Loopback answers in well under a millisecond; a query lost in a restart gives up soon.
        timeoutMs: 100,
      }),
    registrar: (_id, instance): Registrar => {
      const { host, port } = hostPort(instance);
      const record: SrvHost = { name, target: host, port };
      return {
        register: () => dns.setRecords([...records(), record]),
        deregister: () => dns.setRecords(records().filter((r) => r.port !== port)),
      };
    },
    close: () => dns.stop(),
    jitterMs: DNS_INTERVAL_MS,
  };
}
