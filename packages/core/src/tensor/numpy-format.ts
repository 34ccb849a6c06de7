/**
 * numpy's printer (`str(array)`, numpy 2.4), which TensorFlow uses for a tensor's values. The rules, in short:
 * - floats: every element in one style. Scientific when a finite non-zero magnitude is below 1e-4, the largest is
 *   at least the type's cutoff (1e3 float16, 1e6 float32, 1e8 float64) or largest/smallest exceeds 1000; else
 *   positional. Each element first gets its shortest round-trip digits for its own type (at most 8 fractional
 *   digits), then all are padded to a common integer width and fractional width (positional: spaces; scientific:
 *   one precision for all, filled with the value's further digits, and one exponent width). nan/inf are right-aligned in that width.
 * - 0-d floats print like Python's repr of the scalar: all shortest digits, positional from 1e-4 up to 1e3
 *   (float16), 1e6 (float32) or 1e16 (float64).
 * - rows wrap at 75 columns; arrays over 1000 elements show 3 items at each edge of each axis, and only those
 *   edges decide the formatting; an empty array is `[]` whatever its shape.
 * references: test/fixtures/numpy-print.json, written by scripts/numpy-print-references.py with numpy itself.
 */
import { getFloat16, setFloat16 } from '@petamoriken/float16';
import type { DataValues, DType } from '../dtype.js';

/** Above this many elements, print only the edges of each axis. */
const SUMMARY_THRESHOLD = 1000;
/** Items shown at each edge when summarising. */
const EDGE = 3;
/** Fractional digits at most in an array element (numpy's default precision). */
const PRECISION = 8;
/** numpy's default line width. */
const LINE_WIDTH = 75;

type FloatKind = 'float16' | 'float32' | 'float64';

/** Significant digits that always suffice to round-trip the type. */
const MAX_DIGITS: Record<FloatKind, number> = { float16: 5, float32: 9, float64: 17 };
/** Arrays switch to scientific at this magnitude: 10^min(8, decimal precision of the type). */
const ARRAY_SCIENTIFIC_AT: Record<FloatKind, number> = { float16: 1e3, float32: 1e6, float64: 1e8 };
/** A 0-d float switches to scientific at this magnitude. */
const SCALAR_SCIENTIFIC_AT: Record<FloatKind, number> = { float16: 1e3, float32: 1e6, float64: 1e16 };

/**
 * Formats flat values of a given shape and dtype exactly as numpy's `str()` does.
 * @param values - the values, flat in row-major order, in the dtype's host layout.
 * @param shape - their shape.
 * @param dtype - their dtype.
 * @returns the text numpy's `str()` prints for that array.
 * @example
 * ```ts
 * formatArray(new Float32Array([1, 2, 3, 4]), [2, 2], 'float32'); // '[[1. 2.]\n [3. 4.]]'
 * ```
 */
export function formatArray(values: DataValues, shape: readonly number[], dtype: DType): string {
  if (shape.length === 0) return formatScalar(values, dtype);
  const size = shape.reduce((a, b) => a * b, 1);
  if (size === 0) return '[]';
  const summarise = size > SUMMARY_THRESHOLD;
  const strides = stridesOf(shape);
  const shown = summarise ? edgeIndices(shape, strides) : null;
  const fmt = elementFormatter(values, dtype, shown ?? size);
  return layout(shape, strides, summarise, fmt);
}

function stridesOf(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = acc;
    acc *= shape[i];
  }
  return strides;
}

/** Positions printed along an axis of length n: all of them, or the edges with null for `...`. */
function axisItems(n: number, summarise: boolean): (number | null)[] {
  const items: (number | null)[] = [];
  if (summarise && n > 2 * EDGE) {
    for (let i = 0; i < EDGE; i++) items.push(i);
    items.push(null);
    for (let i = n - EDGE; i < n; i++) items.push(i);
  } else for (let i = 0; i < n; i++) items.push(i);
  return items;
}

/** Flat indices of the elements a summarised array shows: only these decide widths and notation. */
function edgeIndices(shape: readonly number[], strides: readonly number[]): number[] {
  const out: number[] = [];
  const walk = (axis: number, base: number): void => {
    for (const i of axisItems(shape[axis], true)) {
      if (i === null) continue;
      if (axis === shape.length - 1) out.push(base + i * strides[axis]);
      else walk(axis + 1, base + i * strides[axis]);
    }
  };
  walk(0, 0);
  return out;
}

/** Lays the formatted elements out in nested brackets, wrapping each row at numpy's line width. */
function layout(shape: readonly number[], strides: readonly number[], summarise: boolean, fmt: (i: number) => string): string {
  const rec = (axis: number, base: number, hanging: string, width: number): string => {
    const items = axisItems(shape[axis], summarise);
    let body: string;
    if (axis === shape.length - 1) {
      const room = width - 1; // the closing bracket
      let done = '';
      let line = hanging;
      items.forEach((i, k) => {
        const word = i === null ? '...' : fmt(base + i * strides[axis]);
        // Wrap when the word would pass the edge, unless the line holds nothing yet (wrapping would not help).
        if (line.length + word.length > room && line.length > hanging.length) {
          done += `${line.trimEnd()}\n`;
          line = hanging;
        }
        line += word;
        if (k < items.length - 1) line += ' ';
      });
      body = done + line;
    } else {
      const sep = '\n'.repeat(shape.length - axis - 1);
      body = items
        .map((i) => hanging + (i === null ? '...' : rec(axis + 1, base + i * strides[axis], `${hanging} `, width - 1)))
        .join(sep);
    }
    return `[${body.slice(hanging.length)}]`;
  };
  return rec(0, 0, ' ', LINE_WIDTH);
}

/** Builds the element formatter from the elements that will be shown (`shown`: their indices, or the count). */
function elementFormatter(values: DataValues, dtype: DType, shown: number[] | number): (i: number) => string {
  const indices = typeof shown === 'number' ? null : shown;
  const count = indices ? indices.length : (shown as number);
  const pick = (k: number): number => (indices ? indices[k] : k);
  switch (dtype) {
    case 'string': {
      const strs = values as string[];
      return (i) => quote(strs[i]);
    }
    case 'bool':
      return (i) => (values[i] ? ' True' : 'False');
    case 'int32': {
      let width = 1;
      for (let k = 0; k < count; k++) width = Math.max(width, String(values[pick(k)]).length);
      return (i) => String(values[i]).padStart(width);
    }
    case 'complex64': {
      const nums = values as Float32Array;
      const re = new Array<number>(count);
      const im = new Array<number>(count);
      for (let k = 0; k < count; k++) {
        re[k] = nums[2 * pick(k)];
        im[k] = nums[2 * pick(k) + 1];
      }
      const real = floatFormatter(re, 'float32', false);
      const imag = floatFormatter(im, 'float32', true);
      return (i) => {
        const text = imag(nums[2 * i + 1]);
        const end = text.trimEnd().length;
        // The imaginary part's padding goes after the `j`.
        return `${real(nums[2 * i])}${text.slice(0, end)}j${text.slice(end)}`;
      };
    }
    case 'float16':
    case 'float32':
    case 'float64': {
      const kind: FloatKind = dtype === 'float64' ? 'float64' : dtype === 'float16' ? 'float16' : 'float32';
      const nums = values as ArrayLike<number>;
      const sample = new Array<number>(count);
      for (let k = 0; k < count; k++) sample[k] = nums[pick(k)];
      const f = floatFormatter(sample, kind, false);
      return (i) => f(nums[i]);
    }
  }
}

function quote(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** One float notation and one set of widths for all of `sample`; `plus` prints a `+` on non-negative values. */
function floatFormatter(sample: readonly number[], kind: FloatKind, plus: boolean): (v: number) => string {
  const finite = sample.filter((v) => Number.isFinite(v));
  let maxAbs = 0;
  let minAbs = Infinity;
  for (const v of finite) {
    const a = Math.abs(v);
    if (a === 0) continue;
    maxAbs = Math.max(maxAbs, a);
    minAbs = Math.min(minAbs, a);
  }
  const scientific = minAbs !== Infinity && (maxAbs >= ARRAY_SCIENTIFIC_AT[kind] || minAbs < 1e-4 || maxAbs / minAbs > 1000);
  let padLeft = 0;
  let padRight = 0;
  let precision = 0;
  let expDigits = 0;
  if (scientific) {
    for (const v of finite) {
      const s = scientificText(v, kind, plus, 0, 2);
      const [mantissa, exp] = s.split('e');
      const [int, frac] = mantissa.split('.');
      padLeft = Math.max(padLeft, int.length);
      precision = Math.max(precision, frac.length);
      expDigits = Math.max(expDigits, exp.length - 1);
    }
    padRight = expDigits + 2 + precision;
  } else {
    for (const v of finite) {
      const [int, frac] = positionalText(v, kind, plus).split('.');
      padLeft = Math.max(padLeft, int.length);
      padRight = Math.max(padRight, frac.length);
    }
  }
  if (finite.length !== sample.length) {
    const signed = plus || sample.some((v) => v === -Infinity);
    padLeft = Math.max(padLeft, 3 - (padRight + 1), 3 + (signed ? 1 : 0) - (padRight + 1));
  }
  const width = padLeft + padRight + 1;
  return (v) => {
    if (!Number.isFinite(v)) {
      const text = Number.isNaN(v) ? `${plus ? '+' : ''}nan` : `${v < 0 ? '-' : plus ? '+' : ''}inf`;
      return text.padStart(width);
    }
    if (scientific) {
      const s = scientificText(v, kind, plus, precision, expDigits);
      const dot = s.indexOf('.');
      return s.slice(0, dot).padStart(padLeft) + s.slice(dot);
    }
    const [int, frac] = positionalText(v, kind, plus).split('.');
    return `${int.padStart(padLeft)}.${frac.padEnd(padRight)}`;
  };
}

/** A 0-d tensor: Python's repr of the scalar (shortest digits, no precision limit). */
function formatScalar(values: DataValues, dtype: DType): string {
  switch (dtype) {
    case 'string':
      return quote((values as string[])[0]);
    case 'bool':
      return values[0] ? 'True' : 'False';
    case 'int32':
      return String(values[0]);
    case 'complex64':
      return complexScalarText(values[0] as number, values[1] as number);
    case 'float16':
    case 'float32':
    case 'float64': {
      const kind: FloatKind = dtype === 'float64' ? 'float64' : dtype === 'float16' ? 'float16' : 'float32';
      return floatScalarText(values[0] as number, kind);
    }
  }
}

function floatScalarText(v: number, kind: FloatKind): string {
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  const a = Math.abs(v);
  if (a === 0 || (a >= 1e-4 && a < SCALAR_SCIENTIFIC_AT[kind])) {
    const s = positionalText(v, kind, false, null);
    return s.endsWith('.') ? `${s}0` : s;
  }
  return scientificText(v, kind, false, 0, 2, null).replace('.e', 'e');
}

/** Python's complex repr: `2j` for a zero real part, else `(re+imj)`, parts without a trailing `.0`. */
function complexScalarText(re: number, im: number): string {
  const part = (v: number): string => floatScalarText(v, 'float32').replace(/\.0$/, '').replace(/\.0e/, 'e');
  const imText = `${part(Math.abs(im))}j`;
  if (re === 0 && !Object.is(re, -0)) return `${im < 0 || Object.is(im, -0) ? '-' : ''}${imText}`;
  const sign = im < 0 || Object.is(im, -0) ? '-' : '+';
  return `(${part(re)}${sign}${Number.isNaN(im) ? 'nan' : imText})`;
}

function signOf(v: number, plus: boolean): string {
  return v < 0 || Object.is(v, -0) ? '-' : plus ? '+' : '';
}

/** The shortest decimal digits that read back as `a` (finite, > 0) in its type, and the first digit's exponent. */
function shortestDigits(a: number, kind: FloatKind): { digits: string; exp: number } {
  let s = a.toExponential(); // shortest round-trip for float64
  if (kind !== 'float64') {
    const [lo, hi, even] = roundingInterval(a, kind);
    for (let p = 1; p <= MAX_DIGITS[kind]; p++) {
      const t = a.toExponential(p - 1);
      const x = Number(t);
      if ((x > lo && x < hi) || (even && (x === lo || x === hi))) {
        s = t;
        break;
      }
    }
  }
  return splitExponential(s);
}

const f32Scratch = new Float32Array(1);
const f32Bits = new Uint32Array(f32Scratch.buffer);
const f16View = new DataView(new ArrayBuffer(2));

/**
 * The decimals that read back as `a` in a narrower type: the open interval between the midpoints to its
 * neighbours (closed when `a`'s last bit is even: ties round to even). Testing `fround(Number(s)) === a` instead
 * would round twice (decimal to double to float32) and accept digits that read back as a neighbour.
 */
function roundingInterval(a: number, kind: 'float16' | 'float32'): [number, number, boolean] {
  let below: number;
  let above: number;
  let bits: number;
  if (kind === 'float32') {
    f32Scratch[0] = a;
    bits = f32Bits[0];
    f32Bits[0] = bits - 1;
    below = f32Scratch[0];
    f32Bits[0] = bits + 1;
    above = f32Scratch[0];
  } else {
    setFloat16(f16View, 0, a);
    bits = f16View.getUint16(0);
    f16View.setUint16(0, bits - 1);
    below = getFloat16(f16View, 0);
    f16View.setUint16(0, bits + 1);
    above = getFloat16(f16View, 0);
  }
  if (!Number.isFinite(above)) above = a + (a - below); // the largest finite value: its gap repeats
  return [(below + a) / 2, (a + above) / 2, bits % 2 === 0];
}

function splitExponential(s: string): { digits: string; exp: number } {
  const [mantissa, exp] = s.split('e');
  return { digits: mantissa.replace('.', '').replace(/0+$/, '') || '0', exp: Number(exp) };
}

/**
 * Positional digits, the shortest that round-trip, cut to at most `maxFrac` fractional digits (rounding the exact
 * value); trailing zeros dropped but the point kept (`2.`, `0.5`).
 */
function positionalText(v: number, kind: FloatKind, plus: boolean, maxFrac: number | null = PRECISION): string {
  const sign = signOf(v, plus);
  const a = Math.abs(v);
  if (a === 0) return `${sign}0.`;
  const { digits, exp } = shortestDigits(a, kind);
  if (maxFrac !== null && digits.length - 1 - exp > maxFrac) {
    const fixed = a.toFixed(maxFrac).replace(/0+$/, '');
    return sign + (fixed.includes('.') ? fixed : `${fixed}.`);
  }
  if (exp >= 0) return `${sign}${digits.slice(0, exp + 1).padEnd(exp + 1, '0')}.${digits.slice(exp + 1)}`;
  return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
}

/**
 * Scientific digits: the shortest that round-trip (at most `maxFrac` after the point), extended to `minFrac`
 * digits, the exponent padded to `expDigits` digits (`1.5e-05`, `1.e-20`).
 */
function scientificText(
  v: number,
  kind: FloatKind,
  plus: boolean,
  minFrac: number,
  expDigits: number,
  maxFrac: number | null = PRECISION,
): string {
  const sign = signOf(v, plus);
  const a = Math.abs(v);
  let { digits, exp } = a === 0 ? { digits: '0', exp: 0 } : shortestDigits(a, kind);
  if (maxFrac !== null && digits.length - 1 > maxFrac) ({ digits, exp } = splitExponential(a.toExponential(maxFrac)));
  // Up to the common precision, numpy prints the exact value's further digits, not zeros (`3.0000001e-06`).
  else if (a !== 0 && digits.length - 1 < minFrac) ({ digits, exp } = splitExponential(a.toExponential(minFrac)));
  const frac = digits.slice(1).padEnd(minFrac, '0');
  return `${sign}${digits[0]}.${frac}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(expDigits, '0')}`;
}
