/**
 * Compares two runs' printed output line by line, the way the cpu-vs-webgpu test needs: the text of every line
 * must match exactly, and the numbers in it may differ by a float tolerance (backends legitimately round float32
 * sums and transcendental functions differently). Also allowed: one unit in the last printed digit (a value on a
 * rounding edge prints differently) and the padding whitespace numpy-style printing puts around numbers of
 * different lengths.
 */

/** How far two printed numbers may be apart: `|a - b| <= atol + rtol * max(|a|, |b|)` (plus printed rounding). */
export interface Tolerance {
  /** Relative tolerance. */
  rtol: number;
  /** Absolute tolerance. */
  atol: number;
}

/** One line that differs. */
export interface LineDifference {
  /** 1-based line number. */
  line: number;
  /** The line in the reference run (`undefined` past its end). */
  expected: string | undefined;
  /** The line in the other run. */
  actual: string | undefined;
  /** What differs. */
  reason: string;
}

/** A printed number: its value, and the size of one unit in its last printed digit (0 for an integer). */
interface NumberToken {
  value: number;
  unit: number;
  integer: boolean;
  text: string;
}

// Signed decimals and exponents; NaN and Infinity as printed by JavaScript and numpy-style formatting.
const NUMBER = /[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:e[-+]?\d+)?|[-+]?Infinity|NaN|[-+]?inf\b|\bnan\b/gi;

function parseNumber(text: string): NumberToken {
  const lower = text.toLowerCase();
  if (lower.includes('nan')) return { value: NaN, unit: 0, integer: false, text };
  if (lower.includes('inf')) return { value: lower.startsWith('-') ? -Infinity : Infinity, unit: 0, integer: false, text };
  const [mantissa, exponent] = lower.split('e');
  const dot = mantissa.indexOf('.');
  const decimals = dot < 0 ? 0 : mantissa.length - dot - 1;
  const integer = dot < 0 && exponent === undefined;
  const unit = integer ? 0 : 10 ** (-decimals + Number(exponent ?? 0));
  return { value: Number(text), unit, integer, text };
}

/** Splits a line into its text (whitespace collapsed, trimmed next to numbers) and its numbers. */
export function tokenize(line: string): { text: string[]; numbers: NumberToken[] } {
  const text: string[] = [];
  const numbers: NumberToken[] = [];
  let last = 0;
  for (const m of line.matchAll(NUMBER)) {
    text.push(line.slice(last, m.index).replace(/\s+/g, ' ').trim());
    numbers.push(parseNumber(m[0]));
    last = m.index + m[0].length;
  }
  text.push(line.slice(last).replace(/\s+/g, ' ').trim());
  return { text, numbers };
}

function close(a: NumberToken, b: NumberToken, tol: Tolerance): boolean {
  if (Number.isNaN(a.value) || Number.isNaN(b.value)) return Number.isNaN(a.value) && Number.isNaN(b.value);
  if (!Number.isFinite(a.value) || !Number.isFinite(b.value)) return a.value === b.value;
  // Integers printed as integers on both sides (counts, shapes, epochs, int32 values) must be equal.
  if (a.integer && b.integer) return a.value === b.value;
  const allowed = tol.atol + tol.rtol * Math.max(Math.abs(a.value), Math.abs(b.value)) + Math.max(a.unit, b.unit);
  return Math.abs(a.value - b.value) <= allowed * (1 + 1e-9);
}

/** Compares one line; returns why it differs, or null. */
export function compareLine(expected: string, actual: string, tol: Tolerance): string | null {
  if (expected === actual) return null;
  const e = tokenize(expected);
  const a = tokenize(actual);
  if (e.numbers.length !== a.numbers.length) return `${e.numbers.length} numbers expected, ${a.numbers.length} found`;
  for (let i = 0; i < e.text.length; i++) {
    if (e.text[i] !== a.text[i]) return `text differs: '${e.text[i]}' vs '${a.text[i]}'`;
  }
  for (let i = 0; i < e.numbers.length; i++) {
    if (!close(e.numbers[i], a.numbers[i], tol)) return `number ${i + 1}: ${e.numbers[i].text} vs ${a.numbers[i].text} (rtol ${tol.rtol}, atol ${tol.atol})`;
  }
  return null;
}

/** Every line that differs between two outputs (lines compared by position; a missing line is a difference). */
export function compareLines(expected: readonly string[], actual: readonly string[], tol: Tolerance): LineDifference[] {
  const out: LineDifference[] = [];
  for (let i = 0; i < Math.max(expected.length, actual.length); i++) {
    const e = expected[i];
    const a = actual[i];
    const reason = e === undefined || a === undefined ? (e === undefined ? 'extra line' : 'missing line') : compareLine(e, a, tol);
    if (reason) out.push({ line: i + 1, expected: e, actual: a, reason });
  }
  return out;
}

/** The largest relative difference between the numbers of two outputs with the same text (for reports). */
export function largestDifference(expected: readonly string[], actual: readonly string[]): number {
  let worst = 0;
  for (let i = 0; i < Math.min(expected.length, actual.length); i++) {
    const e = tokenize(expected[i]).numbers;
    const a = tokenize(actual[i]).numbers;
    if (e.length !== a.length) continue;
    e.forEach((x, k) => {
      const y = a[k].value;
      if (!Number.isFinite(x.value) || !Number.isFinite(y)) return;
      const d = Math.abs(x.value - y) / Math.max(1e-6, Math.abs(x.value), Math.abs(y));
      worst = Math.max(worst, d);
    });
  }
  return worst;
}
