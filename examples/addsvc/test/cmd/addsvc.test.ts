import type { AddsvcProcess } from "../support/processes.js";
import { run, startAddsvcProcess } from "../support/processes.js";

describe("the addsvc command", () => {
  let svc: AddsvcProcess;
  beforeAll(async () => {
    svc = await startAddsvcProcess();
  });
  afterAll(async () => {
    if (svc.child.exitCode === null) svc.child.kill("SIGKILL");
    await svc.exited;
  });

  it("prints where each listener is", () => {
    expect(Object.keys(svc.addresses).sort()).toEqual(["debug", "grpc", "http", "jsonrpc"]);
  });

  it.each([
    ["http", "--http-addr"],
    ["grpc", "--grpc-addr"],
    ["jsonrpc", "--jsonrpc-addr"],
  ])("serves addcli over %s", async (transport, flag) => {
    const address = svc.addresses[transport]!;
    await expect(run("addcli", [flag, address, "20", "22"])).resolves.toMatchObject({
      code: 0,
      stdout: "20 + 22 = 42\n",
    });
    await expect(
      run("addcli", [flag, address, "--method", "concat", "a", "b"]),
    ).resolves.toMatchObject({ code: 0, stdout: '"a" + "b" = "ab"\n' });
    await expect(run("addcli", [flag, address, "0", "0"])).resolves.toMatchObject({
      code: 1,
      stderr: "addcli: can't sum two zeroes\n",
    });
    await expect(
      run("addcli", [flag, address, "--", "-9007199254740993", "0"]),
    ).resolves.toMatchObject({
      code: 0,
      stdout: "-9007199254740993 + 0 = -9007199254740993\n",
    });
  });

  it("stops on SIGTERM with exit status 0", async () => {
    svc.child.kill("SIGTERM");
    await expect(svc.exited).resolves.toBe(0);
    expect(svc.output.at(-1)).toBe("addsvc: stopped");
  });
});

describe("the addsvc command line", () => {
  it("prints help", async () => {
    const res = await run("addsvc", ["--help"]);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/--http-addr ADDR/);
  });

  it("refuses a malformed address", async () => {
    const res = await run("addsvc", ["--http-addr", "nonsense"]);
    expect(res.code).toBe(2);
    expect(res.stderr).toBe('addsvc: invalid address "nonsense": want host:port\n');
  });

  it("refuses a rate limit that is not a number", async () => {
    const res = await run("addsvc", ["--http-addr", "127.0.0.1:0", "--sum-rate", "fast"]);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/^addsvc: .*ratePerSec/);
  });
});
