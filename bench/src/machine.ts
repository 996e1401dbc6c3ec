import { cpus, loadavg } from "node:os";

/** Where the numbers were taken, read once at the start of a run. */
export interface Machine {
  /** The first CPU's model name. */
  readonly cpuModel: string;
  /** How many cores Node sees. */
  readonly cores: number;
  /** The 1, 5 and 15 minute load averages when it was read. */
  readonly loadAverage: readonly number[];
}

/** Reads the {@link Machine} now. */
export function readMachine(): Machine {
  const cpu = cpus();
  return {
    cpuModel: cpu[0]?.model.trim() ?? "unknown CPU",
    cores: cpu.length,
    loadAverage: loadavg(),
  };
}

/** Load averages as `0.12, 0.34, 0.56`. */
export function fmtLoad(xs: readonly number[]): string {
  return xs.map((x) => x.toFixed(2)).join(", ");
}

/** Text appended to the header lines of {@link machineLines}. Default none. */
export interface MachineNotes {
  /** After the machine line's core count. */
  readonly cpu?: string;
  /** After the Node line's platform. */
  readonly node?: string;
  /** After the load line's averages. */
  readonly load?: string;
}

/** Markdown lines describing where the numbers were taken: CPU, cores, Node, load average. */
export function machineLines(machine: Machine, notes: MachineNotes = {}): string[] {
  return [
    `- machine: ${machine.cpuModel}, ${machine.cores} cores${notes.cpu ?? ""}`,
    `- node ${process.version} (${process.platform}/${process.arch})${notes.node ?? ""}`,
    `- load average at start: ${fmtLoad(machine.loadAverage)}${notes.load ?? ""}`,
  ];
}
