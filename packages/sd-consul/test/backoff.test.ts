import { abortableSleep, createBackoff } from "../src/backoff.js";

describe("createBackoff", () => {
  it("doubles the nominal delay up to the cap, each delay in [d/2, d]", () => {
    const low = createBackoff(100, 1000, () => 0);
    expect(Array.from({ length: 6 }, () => low.next())).toEqual([50, 100, 200, 400, 500, 500]);
    const high = createBackoff(100, 1000, () => 0.999_999);
    const delays = Array.from({ length: 6 }, () => high.next());
    expect(delays[0]).toBeCloseTo(100);
    expect(delays[5]).toBeCloseTo(1000);
  });

  it("starts over after reset()", () => {
    const backoff = createBackoff(100, 1000, () => 0);
    backoff.next();
    backoff.next();
    backoff.reset();
    expect(backoff.next()).toBe(50);
  });
});

describe("abortableSleep", () => {
  afterEach(() => jest.useRealTimers());

  it("resolves after the delay", async () => {
    jest.useFakeTimers();
    let done = false;
    const slept = abortableSleep(1000, new AbortController().signal).then(() => {
      done = true;
    });
    await jest.advanceTimersByTimeAsync(999);
    expect(done).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    await slept;
    expect(done).toBe(true);
  });

  it("resolves at once on abort and leaves no timer behind", async () => {
    jest.useFakeTimers();
    const controller = new AbortController();
    const slept = abortableSleep(60_000, controller.signal);
    controller.abort();
    await slept;
    expect(jest.getTimerCount()).toBe(0);
  });
});
