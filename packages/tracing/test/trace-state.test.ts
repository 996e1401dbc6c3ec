import { parseTraceState } from "../src/trace-state.js";

describe("parseTraceState", () => {
  it("keeps the members in order", () => {
    expect(parseTraceState("rojo=00f067aa0ba902b7, congo=t61rcWkgMzE")?.serialize()).toBe(
      "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE",
    );
  });

  it("drops invalid members and keeps the first of a repeated key", () => {
    const state = parseTraceState("Bad=1,ok=1,noequals,ok=2,tenant@vendor=x");
    expect(state?.serialize()).toBe("ok=1,tenant@vendor=x");
  });

  it("gives undefined when no member is valid", () => {
    expect(parseTraceState(" , =x")).toBeUndefined();
  });

  it("keeps at most 32 members", () => {
    const header = Array.from({ length: 40 }, (_, i) => `k${i}=v`).join(",");
    expect(parseTraceState(header)?.serialize().split(",")).toHaveLength(32);
  });

  it("sets a key in front and unsets one, leaving the original unchanged", () => {
    const state = parseTraceState("a=1,b=2");
    const changed = state?.set("b", "3").unset("a");
    expect(changed?.serialize()).toBe("b=3");
    expect(state?.serialize()).toBe("a=1,b=2");
  });
});
