/** Shared case material: dtype lists, sizes, layouts of strided operands and random inputs. */
import { contiguousStrides, sizeOf, type BackendDType, type DataId, type View } from '@lab/core';
import type { CaseContext } from '../harness.js';
import { roundAll, type HostValues } from '../host.js';
import type { Rng } from '../random.js';
import { readView } from '../reference/strided.js';
import { makeView, viewExtent } from '../view.js';

/** Every dtype a backend may list. */
export const ALL_DTYPES: readonly BackendDType[] = ['float32', 'float64', 'float16', 'int32', 'bool', 'string'];
/** The float dtypes. */
export const FLOAT_DTYPES: readonly BackendDType[] = ['float32', 'float64', 'float16'];
/** Dtypes holding numbers. */
export const NUMERIC_DTYPES: readonly BackendDType[] = ['float32', 'float64', 'float16', 'int32', 'bool'];

/** Sizes either side of the block boundaries kernels like to use (SIMD lanes, workgroups, tiles). */
export const BLOCK_SIZES: readonly number[] = [
  1, 3, 4, 5, 7, 8, 15, 16, 17, 63, 64, 65, 127, 128, 129, 255, 256, 257, 1023, 1025,
];
/** The large case: just over 1e5 elements, odd, so no power-of-two tiling divides it. */
export const BIG = 100_001;
/** Timeout of cases on large tensors. */
export const LONG = 180_000;

/** Random values for `dtype` in [lo, hi) (ints inclusive), rounded so the host values are stored exactly. */
export function randomValues(rng: Rng, dtype: BackendDType, n: number, lo = -10, hi = 10): HostValues {
  if (dtype === 'string') return Array.from({ length: n }, () => rng.string());
  if (dtype === 'bool') return Array.from({ length: n }, () => (rng.next() < 0.5 ? 0 : 1));
  if (dtype === 'int32') return Array.from({ length: n }, () => rng.int(Math.ceil(lo), Math.floor(hi)));
  return roundAll(dtype, Array.from({ length: n }, () => rng.uniform(lo, hi)));
}

/** Default random values for a dtype: floats in [-10, 10), ints in [-1000, 1000], bools, strings. */
export function defaultValues(rng: Rng, dtype: BackendDType, n: number): HostValues {
  return dtype === 'int32' ? randomValues(rng, dtype, n, -1000, 1000) : randomValues(rng, dtype, n);
}

/** One operand's layout in an elementwise case: strides (default contiguous), offset and trailing padding. */
export interface OperandLayout {
  readonly strides?: readonly number[];
  readonly offset?: number;
  /** Extra elements after the view's extent (filled with random values the kernel must not read). */
  readonly pad?: number;
  /** Use the buffer of this earlier operand instead of a new one (aliasing inputs). */
  readonly alias?: number;
}

/** A logical shape plus one layout per operand. */
export interface Layout {
  readonly title: string;
  readonly shape: readonly number[];
  readonly operands: readonly OperandLayout[];
  readonly timeout?: number;
}

/** Strides of a buffer stored in the order `perm` (stored axis i is logical axis perm[i]). */
export function permutedStrides(shape: readonly number[], perm: readonly number[]): number[] {
  const stored = contiguousStrides(perm.map((p) => shape[p]));
  const out = new Array<number>(shape.length);
  perm.forEach((p, i) => (out[p] = stored[i]));
  return out;
}

/** Strides of an operand broadcast along every axis where `keep` is false (contiguous over the kept ones). */
export function broadcastStrides(shape: readonly number[], keep: readonly boolean[]): number[] {
  const kept = contiguousStrides(shape.map((d, i) => (keep[i] ? d : 1)));
  return kept.map((s, i) => (keep[i] ? s : 0));
}

/** Contiguous strides multiplied by `step` (a slice taking every step-th element). */
export function steppedStrides(shape: readonly number[], step: number): number[] {
  return contiguousStrides(shape).map((s) => s * step);
}

/** An uploaded operand: its view, the whole buffer's host values and the view's logical values. */
export interface Operand {
  readonly id: DataId;
  readonly view: View;
  readonly buffer: HostValues;
  readonly logical: HostValues;
}

/**
 * Uploads one operand: a buffer of the view's extent plus padding, filled by `fill` (called with the buffer
 * size), and the view on it.
 */
export function uploadOperand(
  ctx: CaseContext,
  dtype: BackendDType,
  shape: readonly number[],
  layout: OperandLayout,
  fill: (n: number) => HostValues,
): Operand {
  const strides = layout.strides ?? contiguousStrides(shape);
  const offset = layout.offset ?? 0;
  const size = Math.max(viewExtent(shape, strides, offset), sizeOf(shape) === 0 ? offset : 0) + (layout.pad ?? 0);
  const buffer = fill(size);
  const id = ctx.upload(dtype, buffer);
  const logical = readView(buffer as (number | string)[], shape, strides, offset) as HostValues;
  return { id, view: makeView(id, dtype, shape, strides, offset), buffer, logical };
}

/** Uploads every operand of a layout (honouring `alias`), each with its own dtype and fill. */
export function uploadOperands(
  ctx: CaseContext,
  layout: Layout,
  dtypes: readonly BackendDType[],
  fills: readonly ((n: number) => HostValues)[],
): Operand[] {
  const ops: Operand[] = [];
  layout.operands.forEach((ol, i) => {
    if (ol.alias !== undefined) {
      const src = ops[ol.alias];
      const strides = ol.strides ?? contiguousStrides(layout.shape);
      const offset = ol.offset ?? 0;
      const logical = readView(src.buffer as (number | string)[], layout.shape, strides, offset) as HostValues;
      ops.push({ id: src.id, view: makeView(src.id, dtypes[i], layout.shape, strides, offset), buffer: src.buffer, logical });
    } else {
      ops.push(uploadOperand(ctx, dtypes[i], layout.shape, ol, fills[i]));
    }
  });
  return ops;
}

/** A short description of an operand layout for failure messages. */
export function describeLayout(layout: Layout): string {
  const parts = layout.operands.map((o, i) => {
    const s = o.strides ? `strides [${o.strides.join(',')}]` : 'contiguous';
    const off = o.offset ? ` offset ${o.offset}` : '';
    return o.alias !== undefined ? `#${i} aliases #${o.alias} (${s}${off})` : `#${i} ${s}${off}`;
  });
  return `${layout.title}; ${parts.join(', ')}`;
}

/**
 * The layouts every elementwise kernel with `arity` operands is run on: rank 0, broadcasts along every axis
 * (scalars, rows, columns, rank 5 and 6), size-0 shapes, transposed, offset and stepped views, aliased
 * operands, and every block-boundary size plus a 1e5+1 one, contiguous and with the last operand a scalar.
 */
export function elementwiseLayouts(arity: number): Layout[] {
  const all = (o: OperandLayout): OperandLayout[] => Array.from({ length: arity }, () => o);
  const last = (o: OperandLayout, rest: OperandLayout = {}): OperandLayout[] =>
    Array.from({ length: arity }, (_, i) => (i === arity - 1 ? o : rest));
  const first = (o: OperandLayout, rest: OperandLayout = {}): OperandLayout[] =>
    Array.from({ length: arity }, (_, i) => (i === 0 ? o : rest));
  const out: Layout[] = [
    { title: 'contiguous [3,4]', shape: [3, 4], operands: all({}) },
    { title: 'rank 0', shape: [], operands: all({}) },
    { title: 'rank 1 of one element', shape: [1], operands: all({}) },
    { title: 'last operand a scalar (all strides 0) [3,4]', shape: [3, 4], operands: last({ strides: [0, 0] }) },
    { title: 'first operand a scalar (all strides 0) [3,4]', shape: [3, 4], operands: first({ strides: [0, 0] }) },
    { title: 'every operand a scalar broadcast to [2,3]', shape: [2, 3], operands: all({ strides: [0, 0] }) },
    { title: 'last operand a row (stride 0 on axis 0) [3,4]', shape: [3, 4], operands: last({ strides: [0, 1] }) },
    { title: 'first operand a column (stride 0 on axis 1) [3,4]', shape: [3, 4], operands: first({ strides: [1, 0] }) },
    {
      title: 'outer-product broadcast [5,6]',
      shape: [5, 6],
      operands: Array.from({ length: arity }, (_, i) => ({ strides: i % 2 === 0 ? [1, 0] : [0, 1] })),
    },
    {
      title: 'middle axis broadcast [2,3,4]',
      shape: [2, 3, 4],
      operands: first({ strides: [4, 0, 1] }, { strides: broadcastStrides([2, 3, 4], [true, true, false]) }),
    },
    {
      title: 'rank 5 with 0 strides on different axes [2,3,2,4,3]',
      shape: [2, 3, 2, 4, 3],
      operands: Array.from({ length: arity }, (_, i) => ({
        strides: broadcastStrides([2, 3, 2, 4, 3], [0, 1, 2, 3, 4].map((ax) => (ax + i) % 2 === 0)),
      })),
    },
    {
      title: 'rank 6 permuted, broadcast and offset [2,1,3,2,2,3]',
      shape: [2, 1, 3, 2, 2, 3],
      operands: Array.from({ length: arity }, (_, i) =>
        i === 0
          ? { strides: permutedStrides([2, 1, 3, 2, 2, 3], [5, 3, 1, 0, 4, 2]), offset: 3, pad: 2 }
          : i === 1
            ? { strides: broadcastStrides([2, 1, 3, 2, 2, 3], [true, false, false, true, true, true]), offset: 1 }
            : { strides: [0, 0, 1, 0, 3, 0] },
      ),
    },
    { title: 'size 0 [3,0,4]', shape: [3, 0, 4], operands: all({}) },
    { title: 'size 0 [0]', shape: [0], operands: all({}) },
    { title: 'size 0 with broadcast [0,5]', shape: [0, 5], operands: last({ strides: [0, 1] }) },
    { title: 'transposed [4,6]', shape: [4, 6], operands: all({ strides: [1, 4] }) },
    {
      title: 'transposed rank 3 [3,4,5]',
      shape: [3, 4, 5],
      operands: Array.from({ length: arity }, (_, i) => ({
        strides: permutedStrides([3, 4, 5], i % 2 === 0 ? [2, 0, 1] : [1, 2, 0]),
      })),
    },
    {
      title: 'offsets and steps [3,4]',
      shape: [3, 4],
      operands: Array.from({ length: arity }, (_, i) => ({
        strides: i % 2 === 0 ? [12, 2] : [5, 1],
        offset: 5 + i,
        pad: 3,
      })),
    },
    { title: 'odd inner size with offset [7,9]', shape: [7, 9], operands: all({ offset: 1, pad: 1 }) },
  ];
  if (arity >= 2) {
    out.push({
      title: 'operands alias one buffer [4,5]',
      shape: [4, 5],
      // The last operand reads the previous one's buffer transposed (select's cond keeps its own bool buffer).
      operands: Array.from({ length: arity }, (_, i) => (i === arity - 1 ? { alias: arity - 2, strides: [1, 4] } : {})),
    });
  } else {
    out.push({ title: 'broadcast input [4,3] (stride 0 on axis 0)', shape: [4, 3], operands: all({ strides: [0, 1] }) });
  }
  for (const n of BLOCK_SIZES) out.push({ title: `contiguous size ${n}`, shape: [n], operands: all({}) });
  if (arity >= 2) {
    for (const n of BLOCK_SIZES) out.push({ title: `scalar last operand, size ${n}`, shape: [n], operands: last({ strides: [0] }) });
  }
  out.push({ title: `contiguous size ${BIG}`, shape: [BIG], operands: all({}), timeout: LONG });
  out.push({ title: `strided view of ${BIG} elements [${BIG}] step 2`, shape: [BIG], operands: all({ strides: [2], offset: 1 }), timeout: LONG });
  return out;
}
