import { execFile, spawn } from "node:child_process";
import { once } from "node:events";
import { join } from "node:path";
import { sum } from "./support/http.js";
import { startInstance } from "./support/instances.js";

jest.setTimeout(30_000);

const command = join(__dirname, "..", "dist", "cmd", "apigateway.js");

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [command, ...args], (err, stdout, stderr) => {
      const code = err ? Number((err as { code?: number }).code ?? 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

describe("the apigateway command", () => {
  it("prints help", async () => {
    const res = await run(["--help"]);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/--discovery KIND/);
    expect(res.stdout).toMatch(/--transport NAME/);
  });

  it("wants etcd hosts by default", async () => {
    const res = await run([]);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/--etcd-hosts is required with --discovery etcd/);
  });

  it("serves addsvc's API in front of the instances it is given, and stops on SIGTERM", async () => {
    const instance = await startInstance("only");
    const child = spawn(
      process.execPath,
      [
        command,
        "--http-addr",
        "127.0.0.1:0",
        "--discovery",
        "static",
        "--instances",
        instance.svc.addresses.http as string,
      ],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    try {
      let out = "";
      child.stdout.setEncoding("utf8");
      const address = await new Promise<string>((resolve, reject) => {
        child.stdout.on("data", (chunk: string) => {
          out += chunk;
          const m = /http listening on (\S+),/.exec(out);
          if (m) resolve(m[1] as string);
        });
        child.once("exit", (code) => reject(new Error(`exited with ${code}: ${out}`)));
      });
      expect(await sum(address, 20, 22)).toBe(42);
      expect(instance.served).toBe(1);
      const exited = once(child, "exit");
      child.kill("SIGTERM");
      expect((await exited)[0]).toBe(0);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await instance.svc.close();
    }
  });
});
