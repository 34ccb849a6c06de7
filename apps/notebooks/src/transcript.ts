/** The comparable text of a cell's outputs: what a notebook file's `output` block holds. */
import type { CellOutput } from './types.js';

/**
 * A cell's outputs as text: text as printed, a plot as `[plot: <title>]`, an error as `Error: <message>`, and each
 * progress display once, in its last state, where it first appeared. Warnings (text on stderr) are left out.
 * @param outputs - a cell's outputs (from `CellRun.outputs`, or every output `onOutput` received).
 * @returns the lines joined with `\n`.
 */
export function transcript(outputs: CellOutput[]): string {
  const lines: string[] = [];
  const progressAt = new Map<string, number>();
  for (const o of outputs) {
    if (o.kind === 'text') {
      if (o.stream !== 'stderr') lines.push(o.text);
    } else if (o.kind === 'plot') lines.push(`[plot: ${o.title}]`);
    else if (o.kind === 'error') lines.push(`Error: ${o.message}`);
    else {
      const at = progressAt.get(o.key);
      if (at === undefined) progressAt.set(o.key, lines.push(o.text) - 1);
      else lines[at] = o.text;
    }
  }
  return lines.join('\n');
}
