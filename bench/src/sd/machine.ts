import { cpus, loadavg } from "node:os";

/** Markdown lines describing where the numbers were taken: CPU, cores, Node, load average. */
export function machineLines(): string[] {
  const cpu = cpus();
  return [
    `- machine: ${cpu[0]?.model.trim() ?? "unknown CPU"}, ${cpu.length} cores`,
    `- node ${process.version} (${process.platform}/${process.arch})`,
    `- load average at start: ${loadavg()
      .map((x) => x.toFixed(2))
      .join(", ")}`,
  ];
}
