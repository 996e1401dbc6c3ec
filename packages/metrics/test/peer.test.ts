import { isKitError } from "@kit/endpoint";
import { requirePeer } from "../src/peer.js";

describe("requirePeer", () => {
  it("loads an installed package once and returns the same module after", () => {
    const first = requirePeer<{ Registry: unknown }>("prom-client", "test");
    expect(typeof first.Registry).toBe("function");
    expect(requirePeer("prom-client", "test")).toBe(first);
  });

  it("throws failed_precondition naming the missing package and what needs it", () => {
    let caught: unknown;
    try {
      requirePeer("kit-no-such-package-xyz", "the Foo backend");
    } catch (err) {
      caught = err;
    }
    expect(isKitError(caught)).toBe(true);
    expect(caught).toMatchObject({
      code: "failed_precondition",
      message: expect.stringContaining(
        'the Foo backend needs the "kit-no-such-package-xyz" package',
      ),
    });
  });
});
