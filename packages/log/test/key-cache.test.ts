import { keyCache } from "../src/key-cache.js";

describe("keyCache", () => {
  it("renders each key once", () => {
    const render = jest.fn((k: string) => `<${k}>`);
    const cached = keyCache(render);
    expect([cached("a"), cached("a"), cached("b")]).toEqual(["<a>", "<a>", "<b>"]);
    expect(render).toHaveBeenCalledTimes(2);
  });

  it("stops remembering past its bound but keeps rendering correctly", () => {
    const render = jest.fn((k: string) => k.toUpperCase());
    const cached = keyCache(render);
    for (let i = 0; i < 1100; i++) cached(`k${i}`);
    render.mockClear();
    expect(cached("k1050")).toBe("K1050");
    expect(cached("k1050")).toBe("K1050");
    expect(render).toHaveBeenCalledTimes(2);
    expect(cached("k1")).toBe("K1");
    expect(render).toHaveBeenCalledTimes(2);
  });
});
