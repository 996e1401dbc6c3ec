import type { Registrar } from "@kit/endpoint/sd";
import { describeInstancerConformance } from "@kit/sd-conformance";
import { type Dnsmasq, startDnsmasq } from "@kit/test-servers";
import { createSrvInstancer } from "../src/index.js";

const name = "_addsvc._tcp.example.test";

/**
 * DNS has no registration API: this harness "registers" an instance by adding its SRV record
 * and restarting dnsmasq on the same port, and "deregisters" by removing it and restarting.
 */
function registrar(dns: Dnsmasq, instance: string): Registrar {
  const at = instance.lastIndexOf(":");
  const record = { name, target: instance.slice(0, at), port: Number(instance.slice(at + 1)) };
  const same = (r: typeof record) =>
    r.name === record.name && r.target === record.target && r.port === record.port;
  return {
    register: () => dns.setRecords([...dns.records.filter((r) => !same(r)), record]),
    deregister: () => dns.setRecords(dns.records.filter((r) => !same(r))),
  };
}

describeInstancerConformance(
  "sd-dns",
  async () => {
    const dns = await startDnsmasq();
    return {
      instancer: () =>
        createSrvInstancer({
          name,
          intervalMs: 50,
          maxBackoffMs: 200,
          timeoutMs: 200,
          servers: [dns.server],
        }),
      registrar: (instance) => registrar(dns, instance),
      stop: () => dns.stop(),
      restart: () => dns.start(),
      close: () => dns.stop(),
    };
  },
  { timeoutMs: 5000 },
);
