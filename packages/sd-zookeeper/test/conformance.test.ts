import { describeInstancerConformance } from "@kit/sd-conformance";
import { startZooKeeper } from "@kit/test-servers";
import { createZooKeeperInstancer, createZooKeeperRegistrar } from "../src/index.js";

// Fast client settings against a server with tickTime 200 ms and sessions of 400..2000 ms.
const fast = { sessionTimeoutMs: 2000, reconnectDelayMs: 200, maxBackoffMs: 1000 };

describeInstancerConformance(
  "sd-zookeeper",
  async () => {
    const server = await startZooKeeper();
    const path = "/kit/conformance/addsvc";
    return {
      instancer: () => createZooKeeperInstancer({ connect: server.connect, path, ...fast }),
      registrar: (instance) =>
        createZooKeeperRegistrar({ connect: server.connect, path, instance, ...fast }),
      stop: () => server.kill(),
      restart: () => server.restart(),
      close: () => server.stop(),
    };
  },
  // Registrations are ephemeral, but the registrar resumes its session (ZooKeeper persists it
  // across a restart) or registers again on a new one, so they survive an outage.
  { keepsInstancesAcrossOutage: true, timeoutMs: 10_000 },
);
