/**
 * Checks a cell's transcript against its expected output. `approx` reuses the trainers' line comparison (the one
 * the cpu-vs-webgpu test uses): same text, numbers within the tolerance or one unit of the last printed digit,
 * integers exact, numpy's padding whitespace ignored.
 */
import { compareLines } from '@lab/trainers/src/lib/compare-output';
import type { ExpectedOutput } from './types.js';

/** The tolerance of `output approx`: relative 1e-4, absolute 1e-6. */
export const APPROX = { rtol: 1e-4, atol: 1e-6 } as const;

/** Lines with trailing whitespace trimmed and trailing blank lines dropped. */
function normalize(text: string): string[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n').map((l) => l.trimEnd());
  while (lines.length && !lines[lines.length - 1]) lines.pop();
  return lines;
}

/**
 * Compares what a cell printed with what the notebook expects.
 * @param expected - the cell's expected output and mode (`skip` always passes).
 * @param actual - the cell's {@link transcript}.
 * @returns `ok`, and when not ok a message naming the first differing line.
 * @example
 * ```ts
 * compareOutput({ text: 'loss 0.25', mode: 'approx' }, 'loss 0.2500001'); // { ok: true }
 * ```
 */
export function compareOutput(expected: ExpectedOutput, actual: string): { ok: boolean; message?: string } {
  if (expected.mode === 'skip') return { ok: true };
  const want = normalize(expected.text);
  const got = normalize(actual);
  if (expected.mode === 'approx') {
    const diffs = compareLines(want, got, APPROX);
    if (!diffs.length) return { ok: true };
    const d = diffs[0];
    return { ok: false, message: `line ${d.line}: ${d.reason}\n  expected: ${d.expected ?? '(nothing)'}\n  actual:   ${d.actual ?? '(nothing)'}` };
  }
  for (let i = 0; i < Math.max(want.length, got.length); i++) {
    if (want[i] !== got[i]) return { ok: false, message: `line ${i + 1} differs\n  expected: ${want[i] ?? '(nothing)'}\n  actual:   ${got[i] ?? '(nothing)'}` };
  }
  return { ok: true };
}
