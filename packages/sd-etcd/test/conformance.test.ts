import { describeInstancerConformance } from "@kit/sd-conformance";
import { startEtcd } from "@kit/test-servers";
import { createEtcdInstancer, createEtcdRegistrar } from "../src/index.js";

let ids = 0;

describeInstancerConformance("sd-etcd", async () => {
  const etcd = await startEtcd();
  const prefix = "/services/conformance/";
  const common = { hosts: etcd.url, prefix, retryMinMs: 50, retryMaxMs: 500 };
  return {
    instancer: () => createEtcdInstancer(common),
    registrar: (instance) =>
      createEtcdRegistrar({ ...common, id: `i${ids++}`, instance, ttlSec: 5 }),
    stop: () => etcd.kill(),
    restart: () => etcd.restart(),
    close: () => etcd.close(),
  };
});
