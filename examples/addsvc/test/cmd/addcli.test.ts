import { run } from "../support/processes.js";

describe("the addcli command", () => {
  it("prints help", async () => {
    const res = await run("addcli", ["--help"]);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/--method NAME/);
  });

  it("wants exactly one transport", async () => {
    const res = await run("addcli", ["1", "2"]);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/exactly one of --http-addr, --grpc-addr, --jsonrpc-addr/);
  });

  it("wants two arguments", async () => {
    const res = await run("addcli", ["--http-addr", ":1", "1"]);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/want two arguments/);
  });

  it("refuses a sum operand that is not an integer", async () => {
    const res = await run("addcli", ["--http-addr", ":1", "1", "x"]);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/"x" is not an integer/);
  });

  it("reports a server that is down as unavailable", async () => {
    const res = await run("addcli", ["--http-addr", "127.0.0.1:1", "1", "2"]);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/^addcli: unavailable: /);
  });
});
