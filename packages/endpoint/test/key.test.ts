import { createKey, sharedKey } from "../src/key.js";

describe("createKey", () => {
  it("makes a new identity for every key, even with the same name", () => {
    const a = createKey<string>("user");
    const b = createKey<string>("user");
    expect(a.name).toBe("user");
    expect(a.id).not.toBe(b.id);
    expect(Object.isFrozen(a)).toBe(true);
  });
});

describe("sharedKey", () => {
  it("gives the same identity to every key of one name, as two package copies need", () => {
    expect(sharedKey<string>("x").id).toBe(sharedKey<string>("x").id);
    expect(sharedKey<string>("x").id).toBe(Symbol.for("@kit/endpoint.x"));
  });
});
