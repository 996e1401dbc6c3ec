import { execFile } from "node:child_process";
import { join } from "node:path";

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
    expect(res.stdout).toMatch(/--balancer NAME/);
  });

  it("wants etcd hosts", async () => {
    const res = await run([]);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/--etcd-hosts is required/);
  });

  it("refuses an unknown balancer", async () => {
    const res = await run(["--etcd-hosts", "http://127.0.0.1:1", "--balancer", "random"]);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/--balancer must be round_robin or least_pending/);
  });
});
