/**
 * Printing in numpy / TensorFlow style: `[[1 2]\n [3 4]]`, `[2. 3. 4.]`, `[0.09003057 0.24472848 0.66524094]`,
 * `...` past 1000 elements, strings quoted. Arrays show at most 8 fractional digits (numpy's precision); a float64
 * scalar shows every digit it needs (`1.4142135623730951`), because TensorFlow prints a 0-d tensor with `str()` of
 * the numpy scalar, which is Python's shortest round-trip repr.
 */
import type { DataValues, DType } from '../dtype.js';
import { readDataSync } from './read.js';
import type { Tensor } from './tensor.js';

/** Above this many elements, print only the edges of each axis. */
const SUMMARY_THRESHOLD = 1000;
/** Elements shown at each edge when summarising. */
const EDGE = 3;
/** Fractional digits at most (numpy's default precision). */
const PRECISION = 8;

/** Formats the values part of a tensor (no shape/dtype): what `numpy()` would print. */
export function formatValues(t: Tensor): string {
  let values: DataValues;
  try {
    values = readDataSync(t);
  } catch {
    return '<async: await tensor.array() to print its values>';
  }
  return formatArray(values, t.shape, t.dtype);
}

/** Formats a tensor with its shape and dtype. */
export function formatTensor(t: Tensor, kind: string): string {
  const shape = t.shape.length === 1 ? `(${t.shape[0]},)` : `(${t.shape.join(', ')})`;
  return `${kind}(${formatValues(t)}, shape=${shape}, dtype=${t.dtype})`;
}

/** Formats flat values of a given shape and dtype. */
export function formatArray(values: DataValues, shape: readonly number[], dtype: DType): string {
  const size = shape.reduce((a, b) => a * b, 1);
  const summarise = size > SUMMARY_THRESHOLD;
  const count = dtype === 'complex64' ? values.length / 2 : values.length;
  if (shape.length === 0 && dtype === 'float64') return float64ScalarText((values as Float64Array)[0]);
  const fmt = elementFormatter(values, dtype, count);
  if (shape.length === 0) return fmt(0, true);
  const strides = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = acc;
    acc *= shape[i];
  }
  const rec = (axis: number, base: number, indent: string): string => {
    const n = shape[axis];
    const idx: (number | null)[] = [];
    if (summarise && n > 2 * EDGE) {
      for (let i = 0; i < EDGE; i++) idx.push(i);
      idx.push(null);
      for (let i = n - EDGE; i < n; i++) idx.push(i);
    } else {
      for (let i = 0; i < n; i++) idx.push(i);
    }
    if (axis === shape.length - 1) {
      return `[${idx.map((i) => (i === null ? '...' : fmt(base + i * strides[axis], false))).join(' ')}]`;
    }
    const sep = '\n'.repeat(shape.length - axis - 1) + indent + ' ';
    const parts = idx.map((i) => (i === null ? '...' : rec(axis + 1, base + i * strides[axis], indent + ' ')));
    return `[${parts.join(sep)}]`;
  };
  return rec(0, 0, '');
}

/** Builds a formatter that prints every element at one common width, numpy style. */
function elementFormatter(values: DataValues, dtype: DType, count: number): (i: number, scalar: boolean) => string {
  if (dtype === 'string') {
    const strs = values as string[];
    return (i) => `'${strs[i].replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  }
  if (dtype === 'bool') return (i, scalar) => (values[i] ? 'True' : scalar ? 'False' : 'False').padStart(scalar ? 0 : 5);
  if (dtype === 'int32') {
    let w = 1;
    for (let i = 0; i < count; i++) w = Math.max(w, String(values[i]).length);
    return (i, scalar) => (scalar ? String(values[i]) : String(values[i]).padStart(w));
  }
  if (dtype === 'complex64') {
    const nums = values as Float32Array;
    return (i) => {
      const re = nums[2 * i];
      const im = nums[2 * i + 1];
      const r = floatText(re, true).replace(/\.$/, '');
      const m = floatText(Math.abs(im), true).replace(/\.$/, '');
      return `(${r}${im < 0 || Object.is(im, -0) ? '-' : '+'}${m}j)`;
    };
  }
  const f32 = dtype !== 'float64';
  const nums = values as ArrayLike<number>;
  let maxAbs = 0;
  let minAbs = Infinity;
  for (let i = 0; i < count; i++) {
    const a = Math.abs(nums[i]);
    if (!Number.isFinite(a)) continue;
    maxAbs = Math.max(maxAbs, a);
    if (a > 0) minAbs = Math.min(minAbs, a);
  }
  const sci = maxAbs >= 1e16 || (minAbs < 1e-4 && minAbs !== Infinity) || (maxAbs > 0 && maxAbs / minAbs >= 1e3 && maxAbs >= 1e8);
  const texts: string[] = new Array<string>(count);
  let intW = 0;
  let fracW = 0;
  for (let i = 0; i < count; i++) {
    const s = sci ? sciText(nums[i], f32) : floatText(nums[i], f32);
    texts[i] = s;
    const dot = s.indexOf('.');
    if (dot >= 0) {
      intW = Math.max(intW, dot);
      fracW = Math.max(fracW, s.length - dot - 1);
    } else intW = Math.max(intW, s.length);
  }
  return (i, scalar) => {
    const s = texts[i];
    if (scalar) return s.endsWith('.') ? `${s}0` : s;
    const dot = s.indexOf('.');
    if (dot < 0) return s.padStart(intW + fracW + 1);
    return s.padStart(intW + (s.length - dot)).padEnd(intW + 1 + fracW);
  };
}

/** Shortest text that round-trips the value (float32 or float64), at most PRECISION fractional digits. */
function floatText(v: number, f32: boolean): string {
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  let s = shortest(v, f32);
  if (s.includes('e')) s = v.toFixed(PRECISION);
  const dot = s.indexOf('.');
  if (dot >= 0 && s.length - dot - 1 > PRECISION) s = v.toFixed(PRECISION);
  if (s.includes('.')) s = s.replace(/0+$/, '');
  else s = `${s}.`;
  return s;
}

/**
 * Python's `repr` of a float, which numpy prints for a float64 scalar: the shortest digits that round-trip,
 * positional for 1e-4 <= |v| < 1e16 (`6.0`, `0.0001`), else scientific with a two-digit exponent (`1e-05`,
 * `1.2345e+16`).
 */
function float64ScalarText(v: number): string {
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  const a = Math.abs(v);
  if (a === 0 || (a >= 1e-4 && a < 1e16)) {
    // JS number-to-string is also shortest round-trip, and positional over this whole range.
    const s = Object.is(v, -0) ? '-0' : String(v);
    return s.includes('.') ? s : `${s}.0`;
  }
  const [m, e] = v.toExponential().split('e');
  const exp = Number(e);
  return `${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
}

function sciText(v: number, f32: boolean): string {
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  const digits = Math.min(PRECISION, Math.max(1, shortest(v, f32).replace(/^-?0\.0*|[-.]|e.*$/g, '').length - 1));
  const [m, e] = v.toExponential(digits).split('e');
  const exp = Number(e);
  return `${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
}

function shortest(v: number, f32: boolean): string {
  if (!f32) return String(v);
  for (let p = 1; p <= 9; p++) {
    const s = v.toPrecision(p);
    if (Math.fround(Number(s)) === v) return String(Number(s));
  }
  return String(v);
}
