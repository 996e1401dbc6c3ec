import { startAddsvcProcess } from "../support/processes.js";
import { receiver } from "../support/receiver.js";

describe("the addsvc command's tracing flags", () => {
  it.each([
    ["--otlp-url", "/v1/traces"],
    ["--zipkin-url", "/api/v2/spans"],
  ])("%s sends the spans of served requests, flushed on SIGTERM", async (flag, path) => {
    const collector = await receiver();
    const svc = await startAddsvcProcess([flag, `${collector.url}${path}`]);
    const res = await fetch(`http://${svc.addresses.http}/concat`, {
      method: "POST",
      body: '{"a":"go","b":"kit"}',
      headers: { "content-type": "application/json" },
    });
    expect(await res.json()).toEqual({ v: "gokit" });
    svc.child.kill("SIGTERM");
    await expect(svc.exited).resolves.toBe(0);
    const { path: got, body } = await collector.received;
    collector.server.close();
    expect(got).toBe(path);
    expect(body).toContain("Concat");
    expect(body).toContain("addsvc");
  });
});
