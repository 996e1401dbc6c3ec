import type { Endpoint } from "@kit/endpoint";
import { startAddsvc } from "../src/app.js";
import type { SumRequest, SumResponse } from "../src/endpoint/set.js";
import { makeEndpoints, response } from "../src/endpoint/set.js";
import { addService } from "../src/service/service.js";
import { testProtoPath } from "./support/addsvc.js";

describe("closing addsvc", () => {
  it("lets an in-flight request finish before the listener goes away", async () => {
    let release: () => void = () => {};
    let started: () => void = () => {};
    const running = new Promise<void>((resolve) => {
      started = resolve;
    });
    const slowSum: Endpoint<SumRequest, SumResponse> = async (_ctx, { a, b }) => {
      started();
      await new Promise<void>((resolve) => {
        release = resolve;
      });
      return response(a + b, undefined);
    };
    const svc = await startAddsvc({
      http: { host: "127.0.0.1", port: 0 },
      protoPath: testProtoPath,
      endpoints: { ...makeEndpoints(addService()), sum: slowSum },
    });
    const answer = fetch(`http://${svc.addresses.http}/sum`, {
      method: "POST",
      body: '{"a":1,"b":2}',
      headers: { "content-type": "application/json" },
    });
    await running;
    const closed = svc.close();
    release();
    const res = await answer;
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('{"v":3}');
    await closed;
    await expect(
      fetch(`http://${svc.addresses.http}/sum`, { method: "POST", body: "{}" }),
    ).rejects.toThrow();
  });
});
