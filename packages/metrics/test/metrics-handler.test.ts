import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import fastify, { type FastifyInstance } from "fastify";
import { Registry } from "prom-client";
import { metricsHandler } from "../src/metrics-handler.js";
import { prometheusCounter } from "../src/prometheus.js";
import { promtoolCheckMetrics } from "./support/promtool.js";

describe("metricsHandler", () => {
  let registry: Registry;
  beforeEach(() => {
    registry = new Registry();
    prometheusCounter({
      name: "kit_served_total",
      help: "Served.",
      labelNames: ["method"],
      registry,
    })
      .with({ method: "sum" })
      .add(5);
  });

  describe("as a fastify route", () => {
    let app: FastifyInstance;
    beforeEach(async () => {
      app = fastify();
      app.get("/metrics", metricsHandler(registry));
      await app.listen({ port: 0, host: "127.0.0.1" });
    });
    afterEach(() => app.close());

    it("serves the registry's exposition text with its content type", async () => {
      const res = await fetch(
        `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/metrics`,
      );
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe(registry.contentType);
      const text = await res.text();
      expect(text).toContain('kit_served_total{method="sum"} 5');
      expect(await promtoolCheckMetrics(text)).toEqual({ code: 0, output: "" });
    });

    it("answers 500 when collecting fails", async () => {
      prometheusCounter({ name: "kit_broken_total", help: "Broken.", registry }).add(1);
      registry.getSingleMetric("kit_broken_total")!.get = () => Promise.reject(new Error("boom"));
      const res = await fetch(
        `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/metrics`,
      );
      expect(res.status).toBe(500);
      expect(await res.text()).toBe("metrics collection failed\n");
    });
  });

  describe("as a node:http listener", () => {
    let server: Server;
    beforeEach(async () => {
      server = createServer(metricsHandler(registry));
      await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    });
    afterEach(() => new Promise<void>((r) => server.close(() => r())));

    it("serves the registry's exposition text with its content type", async () => {
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe(registry.contentType);
      expect(await res.text()).toContain('kit_served_total{method="sum"} 5');
    });
  });

  it("throws TypeError for something that is not a registry", () => {
    expect(() => metricsHandler({} as Registry)).toThrow(TypeError);
  });
});
