import { background } from "../../src/context.js";
import type { Endpoint } from "../../src/endpoint.js";
import { leastPending } from "../../src/sd/least-pending.js";
import type { Deferred } from "./support/deferred.js";
import { deferred, flush } from "./support/deferred.js";
import { stubEndpointer } from "./support/endpoints.js";
import { scripted, seeded } from "./support/random.js";

/** An endpoint whose calls stay open until the test settles them. */
function held() {
  const calls: Deferred<string>[] = [];
  const endpoint: Endpoint<void, string> = () => {
    const d = deferred<string>();
    calls.push(d);
    return d.promise;
  };
  return { endpoint, calls };
}

const ctx = background();

describe("leastPending", () => {
  it("returns the endpoint with fewer calls in flight of the two it draws", () => {
    const a = held();
    const b = held();
    // With 0 it always draws a first and b second; a wins ties.
    const balancer = leastPending(stubEndpointer([a.endpoint, b.endpoint]), { random: () => 0 });
    const first = balancer.endpoint();
    void first(ctx, undefined);
    expect(a.calls).toHaveLength(1);
    void balancer.endpoint()(ctx, undefined);
    expect(b.calls).toHaveLength(1);
    void balancer.endpoint()(ctx, undefined);
    expect(a.calls).toHaveLength(2);
  });

  it("never picks the busiest endpoint and prefers the idlest", () => {
    const [a, b, c] = [held(), held(), held()];
    let rand: () => number = () => 0;
    const balancer = leastPending(stubEndpointer([a.endpoint, b.endpoint, c.endpoint]), {
      random: () => rand(),
    });
    // All-zero draws pair a with b: a (tie), b (a busier), a (tie) => a 2, b 1, c 0 in flight.
    const wa = balancer.endpoint();
    void wa(ctx, undefined);
    const wb = balancer.endpoint();
    void wb(ctx, undefined);
    void balancer.endpoint()(ctx, undefined);
    expect([a.calls.length, b.calls.length, c.calls.length]).toEqual([2, 1, 0]);

    rand = seeded(7);
    const picks = new Map<Endpoint<void, string>, number>();
    for (let i = 0; i < 300; i++) {
      const e = balancer.endpoint();
      picks.set(e, (picks.get(e) ?? 0) + 1);
    }
    expect(picks.get(wa)).toBeUndefined();
    const toB = picks.get(wb) ?? 0;
    expect(toB).toBeGreaterThan(0);
    expect(300 - toB).toBeGreaterThan(toB);
  });

  it("returns the same wrapper for the same endpoint", () => {
    const a = held();
    const balancer = leastPending(stubEndpointer([a.endpoint]));
    expect(balancer.endpoint()).toBe(balancer.endpoint());
  });

  it("counts a call down when it resolves", async () => {
    const a = held();
    const b = held();
    const balancer = leastPending(stubEndpointer([a.endpoint, b.endpoint]), { random: () => 0 });
    const wa = balancer.endpoint();
    const call = wa(ctx, undefined);
    expect(balancer.endpoint()).not.toBe(wa);
    a.calls[0]?.resolve("done");
    await expect(call).resolves.toBe("done");
    expect(balancer.endpoint()).toBe(wa);
  });

  it("counts a call down when it rejects", async () => {
    const a = held();
    const b = held();
    const balancer = leastPending(stubEndpointer([a.endpoint, b.endpoint]), { random: () => 0 });
    const wa = balancer.endpoint();
    const call = wa(ctx, undefined);
    expect(balancer.endpoint()).not.toBe(wa);
    a.calls[0]?.reject(new Error("boom"));
    await expect(call).rejects.toThrow("boom");
    expect(balancer.endpoint()).toBe(wa);
  });

  it("counts a call down when the endpoint throws synchronously", async () => {
    const thrower: Endpoint<void, string> = () => {
      throw new Error("sync boom");
    };
    const b = held();
    const balancer = leastPending(stubEndpointer([thrower, b.endpoint]), { random: () => 0 });
    const wt = balancer.endpoint();
    await expect(wt(ctx, undefined)).rejects.toThrow("sync boom");
    await flush();
    expect(balancer.endpoint()).toBe(wt);
  });

  it("keeps counts across endpointer updates", () => {
    const a = held();
    const b = held();
    const endpointer = stubEndpointer([a.endpoint, b.endpoint]);
    const balancer = leastPending(endpointer, { random: () => 0 });
    const wa = balancer.endpoint();
    void wa(ctx, undefined);
    endpointer.set([a.endpoint, b.endpoint, held().endpoint]);
    expect(balancer.endpoint()).not.toBe(wa);
  });

  it("keeps counts per balancer", () => {
    const a = held();
    const b = held();
    const endpointer = stubEndpointer([a.endpoint, b.endpoint]);
    const one = leastPending(endpointer, { random: () => 0 });
    const two = leastPending(endpointer, { random: () => 0 });
    void one.endpoint()(ctx, undefined);
    void two.endpoint()(ctx, undefined);
    expect(a.calls).toHaveLength(2);
  });

  it("returns the only endpoint without drawing", async () => {
    const only: Endpoint<void, string> = async () => "only";
    const balancer = leastPending(stubEndpointer([only]), { random: scripted() });
    await expect(balancer.endpoint()(ctx, undefined)).resolves.toBe("only");
  });

  it("throws unavailable when there are no endpoints", () => {
    const balancer = leastPending(stubEndpointer<void, string>([]));
    expect(() => balancer.endpoint()).toThrow(expect.objectContaining({ code: "unavailable" }));
  });

  it("rejects a random option that is not a function", () => {
    expect(() => leastPending(stubEndpointer([held().endpoint]), { random: 1 as never })).toThrow(
      TypeError,
    );
  });
});
