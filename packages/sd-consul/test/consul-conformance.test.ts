import { describeInstancerConformance } from "@kit/sd-conformance";
import { createConsulInstancer } from "../src/consul-instancer.js";
import { createConsulRegistrar } from "../src/consul-registrar.js";
import { freshName, realAgent, startHarness } from "./support/harness.js";

describeInstancerConformance(
  realAgent ? "sd-consul (real agent via a loopback proxy)" : "sd-consul (Consul test server)",
  async () => {
    const harness = await startHarness();
    const service = freshName();
    return {
      instancer: () =>
        createConsulInstancer({
          address: harness.address,
          service,
          waitSec: 5,
          backoff: { initialMs: 50, maxMs: 500 },
        }),
      registrar: (instance) => {
        const [host, port] = instance.split(":");
        return createConsulRegistrar({
          address: harness.address,
          service: {
            id: `${service}-${instance}`,
            name: service,
            address: host,
            port: Number(port),
            check: { ttlSec: 30 },
          },
        });
      },
      stop: () => harness.stop(),
      restart: () => harness.restart(),
      close: () => harness.close(),
    };
  },
);
