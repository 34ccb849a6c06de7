/** The results as text: the figures' format, the ratio, and the Markdown the page shows and copies. */
import type { Outcome, Row } from './runner.js';

/** What the report says besides the rows. */
export interface ReportContext {
  /** When the run finished (ISO 8601). */
  date: string;
  /** The adapter line ({@link describeAdapter}). */
  adapter: string;
  userAgent: string;
  /** Each library with its version and backend. */
  libraries: string[];
  rounds: number;
}

/** A time in ms with three significant digits (no exponent). */
export function formatMs(ms: number): string {
  if (ms >= 100) return ms.toFixed(0);
  if (ms >= 10) return ms.toFixed(1);
  if (ms >= 1) return ms.toFixed(2);
  return ms.toPrecision(3);
}

/** A cell: `median (min-max)`, or why the library has no figure. */
export function formatOutcome(o: Outcome): string {
  if (!o.ok) return `failed: ${o.error.split('\n')[0]}`;
  const { median, min, max } = o.spread;
  return `${formatMs(median)} (${formatMs(min)}-${formatMs(max)})`;
}

/** tfjs's median over lab's: above 1 lab is faster. Null when either failed. */
export function ratio(row: Row): number | null {
  return row.lab.ok && row.tfjs.ok ? row.tfjs.spread.median / row.lab.spread.median : null;
}

/** The ratio as the table shows it (`1.23x`, or `-`). */
export function formatRatio(row: Row): string {
  const r = ratio(row);
  return r === null ? '-' : `${r.toFixed(2)}x`;
}

/** `|` would end a Markdown cell early. */
const cell = (s: string) => s.replace(/\|/g, '\\|');

/** The whole report as Markdown: a heading, the run's context, and the table (one line per workload). */
export function toMarkdown(rows: readonly Row[], ctx: ReportContext): string {
  return [
    '## GPU benchmark: lab vs TensorFlow.js, both on WebGPU',
    '',
    `- date: ${ctx.date}`,
    `- adapter: ${cell(ctx.adapter)}`,
    `- browser: ${cell(ctx.userAgent)}`,
    `- libraries: ${ctx.libraries.map(cell).join('; ')}`,
    `- ${ctx.rounds} round${ctx.rounds === 1 ? '' : 's'}, libraries interleaved; each cell is the median (min-max) over rounds of ms per call, every call timed to the GPU finishing it; lab vs tfjs above 1 means lab is faster`,
    '',
    '| workload | lab (ms) | tfjs (ms) | lab vs tfjs |',
    '|---|---|---|---|',
    ...rows.map((r) => `| ${cell(r.workload.title)} | ${cell(formatOutcome(r.lab))} | ${cell(formatOutcome(r.tfjs))} | ${formatRatio(r)} |`),
    '',
  ].join('\n');
}
