/**
 * 2-D pooling, NHWC: maxPool, avgPool and their backprop ops. The backend's optional `pool2d` kernel runs the
 * forward ops when present; otherwise a reduction over the strided window view `[N, OH, OW, KH, KW, C]` of the
 * padded input (max pads with -Infinity, avg with 0 and divides by the count of in-bounds elements, TensorFlow's
 * rule for 'same'). The backprops run the backend's optional `pool2dBackprop` kernel when present, else fold
 * window contributions back with col2im (see window.ts).
 */
import { hasKernel, type Backend } from '../backend/contract.js';
import type { BackendDType, DType } from '../dtype.js';
import { fmtShape, shapesEqual } from '../util/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import type { TensorLike } from '../tensor/types.js';
import { backendFor, checkDType, checkSameDType, composite, makeView, newOutput, record, toT } from './dispatch.js';
import { dense, reshaped } from './layout.js';
import { reduceKernel } from './reduce.js';
import { col2im, convGeometry, pair2, padded, windowArgs, windowAttrs, windows, type ConvGeometry, type Padding, type Pair2 } from './window.js';
import type { PoolAttrs } from './defs/attrs.js';
import { hostTensor } from './host.js';
import { int32Vector, releaseConverted } from './indexing-kernels.js';
import * as o from './primitives.js';

const FLOATS: readonly DType[] = ['float32', 'float64', 'float16'];
const MAX_DTYPES: readonly DType[] = ['float32', 'float64', 'float16', 'int32'];

/** The value padding takes for max pooling: it must never win. */
function lowest(dtype: DType): number {
  return dtype === 'int32' ? -2147483648 : -Infinity;
}

function geometry(op: string, xShape: readonly number[], filterSize: Pair2, strides: Pair2 | undefined, padding: Padding): ConvGeometry {
  const [kh, kw] = pair2(op, 'filterSize', filterSize);
  return convGeometry(op, xShape, kh, kw, strides ?? filterSize, padding, 1);
}

function poolAttrs(g: ConvGeometry, padding: Padding): PoolAttrs {
  return { filterSize: [g.kh, g.kw], ...windowAttrs(g, padding) };
}

function runPoolKernel(b: Backend, op: 'max' | 'avg', t: Tensor, g: ConvGeometry): Tensor {
  // not zero-filled: pool2d writes every element of `out` (the contract, BACKENDS.md; as runConvKernel)
  const out = newOutput(b, t.dtype, [g.batch, g.outH, g.outW, g.inC], t.size === 0);
  if (out.size === 0) return out;
  const xd = dense(t);
  try {
    b.pool2d!({
      op,
      x: xd.handle!.id,
      out: out.handle!.id,
      dtype: xd.handle!.dtype,
      ...windowArgs(g),
      channels: g.inC,
    });
  } finally {
    xd.dispose();
  }
  return out;
}

/** Runs the backend's pool2dBackprop kernel: `x` is the forward input for max pooling, null for average. */
function runPoolBackprop(b: Backend, d: Tensor, x: Tensor | null, inputShape: readonly number[], g: ConvGeometry): Tensor {
  // not zero-filled: pool2dBackprop writes every element of `out`, zeros where no window adds (the contract)
  const out = newOutput(b, d.dtype, inputShape, d.size === 0);
  if (out.size === 0) return out;
  const dd = dense(d);
  const xd = x && dense(x);
  try {
    const geo = { dtype: dd.handle!.dtype, ...windowArgs(g), channels: g.inC, dy: dd.handle!.id, out: out.handle!.id };
    b.pool2dBackprop!(xd ? { ...geo, op: 'max', x: xd.handle!.id } : { ...geo, op: 'avg' });
  } finally {
    dd.dispose();
    xd?.dispose();
  }
  return out;
}

/**
 * In-bounds elements per window, `[1, OH, OW, 1]`, computed on the host: rows and columns clip independently, so
 * a count is a product of two 1-D counts. The same numbers as pooling a ones tensor, without the pass.
 */
function windowCounts(g: ConvGeometry, dtype: DType): Tensor {
  const count1 = (out: number, stride: number, pad: number, k: number, size: number): number[] =>
    Array.from({ length: out }, (_, i) => {
      const start = i * stride - pad;
      return Math.max(0, Math.min(size, start + k) - Math.max(0, start));
    });
  const rows = count1(g.outH, g.sh, g.top, g.kh, g.inH);
  const cols = count1(g.outW, g.sw, g.left, g.kw, g.inW);
  const v = new Float64Array(g.outH * g.outW);
  for (let i = 0; i < g.outH; i++) for (let j = 0; j < g.outW; j++) v[i * g.outW + j] = rows[i] * cols[j];
  return hostTensor(v, [1, g.outH, g.outW, 1], dtype);
}

/**
 * Max pooling over `filterSize` windows (a number or `[h, w]`) moved by `strides` (default: the window size).
 * NaN wins, as in every max reduction. float32/float64/float16 and int32.
 * @param x - the input `[N, H, W, C]`: float32, float64, float16 or int32.
 * @param filterSize - the window: a number for a square or `[h, w]`.
 * @param strides - the window step: a number or `[h, w]` (default: the window size).
 * @param padding - 'valid' (default), 'same' or explicit `[[top, bottom], [left, right]]`.
 * @returns `[N, OH, OW, C]` of `x`'s dtype: each window's maximum.
 * @example
 * ```ts
 * const x = tensor([1, 2, 3, 4], [1, 2, 2, 1]);
 * const y = maxPool(x, 2); // [[[[4]]]]
 * ```
 */
export function maxPool(x: TensorLike, filterSize: Pair2, strides?: Pair2, padding: Padding = 'valid'): Tensor {
  return pool('maxPool', 'max', MAX_DTYPES, x, filterSize, strides, padding, (t, g) =>
    reduceKernel('max', windows(padded(t, g, lowest(t.dtype)), g), [3, 4]),
  );
}

/**
 * Average pooling over `filterSize` windows moved by `strides` (default: the window size); each output divides by
 * the number of in-bounds elements of its window (padding is not counted). Floating dtypes.
 * @param x - the input `[N, H, W, C]`, a float tensor.
 * @param filterSize - the window: a number for a square or `[h, w]`.
 * @param strides - the window step: a number or `[h, w]` (default: the window size).
 * @param padding - 'valid' (default), 'same' or explicit `[[top, bottom], [left, right]]`.
 * @returns `[N, OH, OW, C]` of `x`'s dtype: each window's mean over its in-bounds elements.
 * @example
 * ```ts
 * const x = tensor([1, 2, 3, 4], [1, 2, 2, 1]);
 * const y = avgPool(x, 2); // [[[[2.5]]]]
 * ```
 */
export function avgPool(x: TensorLike, filterSize: Pair2, strides?: Pair2, padding: Padding = 'valid'): Tensor {
  return pool('avgPool', 'avg', FLOATS, x, filterSize, strides, padding, (t, g) =>
    o.bin('div', reduceKernel('sum', windows(padded(t, g, 0), g), [3, 4]), counts(g, t)),
  );
}

/**
 * The forward pooling ops: the backend's pool2d kernel when it has one for the dtype (see `kernelDTypes`), else
 * `lower` (a reduction over the window view) as a composite.
 */
function pool(
  op: 'maxPool' | 'avgPool',
  kind: 'max' | 'avg',
  dtypes: readonly DType[],
  x: TensorLike,
  filterSize: Pair2,
  strides: Pair2 | undefined,
  padding: Padding,
  lower: (t: Tensor, g: ConvGeometry) => Tensor,
): Tensor {
  const t = toT(x, op, 'x');
  try {
    checkDType(op, t, dtypes);
    const g = geometry(op, t.shape, filterSize, strides, padding);
    const attrs = poolAttrs(g, padding);
    const b = backendFor(op, t.dtype, [t]);
    if (hasKernel(b, 'pool2d', t.dtype as BackendDType)) {
      const out = runPoolKernel(b, kind, t, g);
      record(op, [t], attrs, out);
      return out;
    }
    return composite(op, [t], attrs, () => lower(t, g));
  } finally {
    releaseConverted(x, t);
  }
}

/** The divisor of avgPool: a scalar when no window touches padding, else the per-window counts. */
function counts(g: ConvGeometry, like: Tensor): Tensor {
  if (g.top + g.bottom + g.left + g.right === 0) return o.c(g.kh * g.kw, like);
  return windowCounts(g, like.dtype);
}

function checkPoolDy(op: string, dy: Tensor, g: ConvGeometry): void {
  const expect = [g.batch, g.outH, g.outW, g.inC];
  if (!shapesEqual(dy.shape, expect)) {
    throw new Error(`${op}: dy has shape ${fmtShape(dy.shape)}, but the pooling's output is ${fmtShape(expect)}`);
  }
}

/**
 * The gradient of maxPool: each window's `dy` goes to the position of its maximum in `x` (the first one on
 * ties, as TensorFlow), summed where windows overlap. The backend's `pool2dBackprop` kernel when it has one,
 * else primitives (argMax over the window view, a one-hot select, col2im), with the same routing; linear in `dy`.
 * @param dy - the gradient of maxPool's output, `[N, OH, OW, C]`.
 * @param x - maxPool's input `[N, H, W, C]`.
 * @param filterSize - the window: a number for a square or `[h, w]`.
 * @param strides - the window step: a number or `[h, w]` (default: the window size).
 * @param padding - 'valid' (default), 'same' or explicit `[[top, bottom], [left, right]]`.
 * @returns the gradient with respect to `x`, of `x`'s shape.
 * @example
 * ```ts
 * const x = tensor([1, 2, 3, 4], [1, 2, 2, 1]);
 * const dx = maxPoolBackprop(ones([1, 1, 1, 1]), x, 2); // 1 at the 4, 0 elsewhere
 * ```
 */
export function maxPoolBackprop(dy: TensorLike, x: TensorLike, filterSize: Pair2, strides?: Pair2, padding: Padding = 'valid'): Tensor {
  const op = 'maxPoolBackprop';
  const t = toT(x, op, 'x');
  const d = toT(dy, op, 'dy', t.dtype);
  try {
    checkDType(op, t, MAX_DTYPES);
    checkSameDType(op, d, t);
    const g = geometry(op, t.shape, filterSize, strides, padding);
    checkPoolDy(op, d, g);
    const attrs = { ...poolAttrs(g, padding), inputShape: t.shape };
    const b = backendFor(op, t.dtype, [d, t]);
    if (hasKernel(b, 'pool2dBackprop', t.dtype as BackendDType)) {
      const out = runPoolBackprop(b, d, t, t.shape, g);
      record(op, [d, t], attrs, out);
      return out;
    }
    return composite(op, [d, t], attrs, () => {
      const k = g.kh * g.kw;
      const lead = [g.batch, g.outH, g.outW];
      const cols = reshaped(dense(windows(padded(t, g, lowest(t.dtype)), g)), [...lead, k, g.inC]);
      const arg = reshaped(reduceKernel('argMax', cols, [3]), [...lead, 1, g.inC]);
      const hit = o.cmp('equal', arg, reshaped(int32Vector(Array.from({ length: k }, (_, i) => i), t), [k, 1]));
      const contrib = o.sel(hit, reshaped(dense(d), [...lead, 1, g.inC]), o.c(0, d)); // [N, OH, OW, K, C]
      const s = contrib.strides;
      return col2im(
        (i, j) => makeView(contrib, [...lead, g.inC], [s[0], s[1], s[2], s[4]], contrib.offset + (i * g.kw + j) * s[3]),
        g,
        t.dtype,
        b,
      );
    });
  } finally {
    releaseConverted(dy, d);
    releaseConverted(x, t);
  }
}

/**
 * The gradient of avgPool: each window's `dy`, divided by its in-bounds count, spread evenly over the window
 * (col2im). Linear in `dy`: its own gradient is avgPool of the incoming gradient.
 * @param dy - the gradient of avgPool's output, `[N, OH, OW, C]`.
 * @param inputShape - avgPool's input shape `[N, H, W, C]`.
 * @param filterSize - the window: a number for a square or `[h, w]`.
 * @param strides - the window step: a number or `[h, w]` (default: the window size).
 * @param padding - 'valid' (default), 'same' or explicit `[[top, bottom], [left, right]]`.
 * @returns the gradient with respect to avgPool's input, of `inputShape`.
 * @example
 * ```ts
 * const dx = avgPoolBackprop(ones([1, 1, 1, 1]), [1, 2, 2, 1], 2); // every value 0.25
 * ```
 */
export function avgPoolBackprop(dy: TensorLike, inputShape: readonly number[], filterSize: Pair2, strides?: Pair2, padding: Padding = 'valid'): Tensor {
  const op = 'avgPoolBackprop';
  const d = toT(dy, op, 'dy');
  try {
    checkDType(op, d, FLOATS);
    if (inputShape.length !== 4 || !inputShape.every((v) => Number.isInteger(v) && v >= 0)) {
      throw new Error(`${op}: inputShape must be 4 non-negative integers, got ${fmtShape(inputShape)}`);
    }
    const g = geometry(op, inputShape, filterSize, strides, padding);
    checkPoolDy(op, d, g);
    const attrs = { ...poolAttrs(g, padding), inputShape: [...inputShape] };
    const b = backendFor(op, d.dtype, [d]);
    if (hasKernel(b, 'pool2dBackprop', d.dtype as BackendDType)) {
      const out = runPoolBackprop(b, d, null, inputShape, g);
      record(op, [d], attrs, out);
      return out;
    }
    return composite(op, [d], attrs, () => {
      const scaled = o.bin('div', d, counts(g, d));
      return col2im(() => scaled, g, d.dtype, b);
    });
  } finally {
    releaseConverted(dy, d);
  }
}
