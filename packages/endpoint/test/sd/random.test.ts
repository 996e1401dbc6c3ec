import { background } from "../../src/context.js";
import type { Endpoint } from "../../src/endpoint.js";
import { pick, random } from "../../src/sd/random.js";
import { named, stubEndpointer } from "./support/endpoints.js";
import { scripted, seeded } from "./support/random.js";

const call = (e: Endpoint<void, string>) => e(background(), undefined);

describe("random", () => {
  it("spreads 3000 picks roughly evenly over three endpoints", async () => {
    const balancer = random(stubEndpointer(named("a", "b", "c")), { random: seeded(42) });
    const counts: Record<string, number> = { a: 0, b: 0, c: 0 };
    for (let i = 0; i < 3000; i++) {
      const name = await call(balancer.endpoint());
      counts[name] = (counts[name] ?? 0) + 1;
    }
    for (const n of Object.values(counts)) {
      expect(n).toBeGreaterThan(900);
      expect(n).toBeLessThan(1100);
    }
  });

  it("maps the injected random numbers onto the endpoints", async () => {
    const balancer = random(stubEndpointer(named("a", "b", "c")), {
      random: scripted(0, 0.34, 0.99),
    });
    expect(await call(balancer.endpoint())).toBe("a");
    expect(await call(balancer.endpoint())).toBe("b");
    expect(await call(balancer.endpoint())).toBe("c");
  });

  it("throws unavailable when there are no endpoints", () => {
    const balancer = random(stubEndpointer<void, string>([]), { random: seeded(1) });
    expect(() => balancer.endpoint()).toThrow(expect.objectContaining({ code: "unavailable" }));
  });

  it("rejects a random option that is not a function", () => {
    expect(() => random(stubEndpointer(named("a")), { random: 0.5 as never })).toThrow(TypeError);
  });
});

describe("pick", () => {
  it("stays in range even when the generator returns 1 or a negative number", () => {
    expect(pick(() => 1, 3)).toBe(2);
    expect(pick(() => -0.5, 3)).toBe(0);
  });
});
