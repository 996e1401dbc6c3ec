// A horizontal bar chart of ratios as a standalone SVG: one bar per row, a whisker for the
// per-round range, a line at 1.0 and a mark at each row's target.

/** One bar. */
export interface Bar {
  readonly label: string;
  /** The median ratio: the bar's length. */
  readonly value: number;
  readonly min: number;
  readonly max: number;
  /** Where the bar should reach, drawn as a red mark. */
  readonly target?: number;
  /** The reference row: drawn grey. */
  readonly reference?: boolean;
}

/** A titled block of bars. */
export interface BarGroup {
  readonly title: string;
  readonly bars: readonly Bar[];
}

const width = 900;
const labelWidth = 330;
const plotLeft = labelWidth + 10;
const plotRight = width - 70;
const barHeight = 16;
const rowHeight = 24;
const titleHeight = 28;
const groupGap = 12;

function xmlText(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}

/** Renders `groups` as an SVG document titled `title`. */
export function ratioChart(title: string, groups: readonly BarGroup[]): string {
  const highest = Math.max(
    1.2,
    ...groups.flatMap((g) => g.bars.flatMap((b) => [b.value, b.max, b.target ?? 0])),
  );
  const scaleMax = Math.ceil(highest * 1.05 * 4) / 4;
  const x = (v: number): number => plotLeft + (Math.max(0, v) / scaleMax) * (plotRight - plotLeft);
  const out: string[] = [];
  let y = 40;
  out.push(
    `<text x="10" y="24" font-size="16" font-weight="bold">${xmlText(title)}</text>`,
    `<text x="${width - 10}" y="24" font-size="11" text-anchor="end" fill="#555">bar: median ratio · whisker: per-round range · grey line: 1.0 · red mark: target</text>`,
  );
  for (const group of groups) {
    out.push(
      `<text x="10" y="${y + 18}" font-size="13" font-weight="bold">${xmlText(group.title)}</text>`,
    );
    y += titleHeight;
    const top = y;
    for (const bar of group.bars) {
      const mid = y + rowHeight / 2;
      const fill = bar.reference
        ? "#9e9e9e"
        : bar.target !== undefined && bar.value < bar.target
          ? "#e57373"
          : "#4c78a8";
      out.push(
        `<text x="${labelWidth}" y="${mid + 4}" font-size="12" text-anchor="end">${xmlText(bar.label)}</text>`,
        `<rect x="${plotLeft}" y="${mid - barHeight / 2}" width="${(x(bar.value) - plotLeft).toFixed(1)}" height="${barHeight}" fill="${fill}"/>`,
        `<line x1="${x(bar.min).toFixed(1)}" x2="${x(bar.max).toFixed(1)}" y1="${mid}" y2="${mid}" stroke="#222" stroke-width="1.5"/>`,
        `<text x="${(Math.max(x(bar.value), x(bar.max)) + 6).toFixed(1)}" y="${mid + 4}" font-size="12">${bar.value.toFixed(2)}×</text>`,
      );
      if (bar.target !== undefined)
        out.push(
          `<line x1="${x(bar.target).toFixed(1)}" x2="${x(bar.target).toFixed(1)}" y1="${mid - barHeight / 2 - 3}" y2="${mid + barHeight / 2 + 3}" stroke="#c62828" stroke-width="2.5"/>`,
        );
      y += rowHeight;
    }
    out.push(
      `<line x1="${x(1).toFixed(1)}" x2="${x(1).toFixed(1)}" y1="${top}" y2="${y}" stroke="#777" stroke-dasharray="4 3"/>`,
    );
    y += groupGap;
  }
  for (let v = 0; v <= scaleMax + 1e-9; v += scaleMax > 2 ? 0.5 : 0.25)
    out.push(
      `<text x="${x(v).toFixed(1)}" y="${y + 10}" font-size="10" text-anchor="middle" fill="#555">${v.toFixed(2)}×</text>`,
    );
  const height = y + 24;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" role="img">`,
    "<title>@kit load benchmarks: requests per second relative to raw fastify, raw grpc-js and raw clients</title>",
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    ...out,
    "</svg>",
    "",
  ].join("\n");
}
