/**
 * 2-D convolutions, NHWC, filters `[kh, kw, inC, outC]` (depthwise: `[kh, kw, inC, multiplier]`): conv2d,
 * depthwiseConv2d, conv2dTranspose, and the backprop ops their gradients use. The backend's optional `conv2d`,
 * `conv2dBackpropInput` and `conv2dBackpropFilter` kernels run the ops when present (regular and depthwise alike).
 * Otherwise everything lowers onto primitives:
 * - im2col: the windows of the padded input are one strided VIEW `[N, OH, OW, KH, KW, C]` with strides
 *   `(sN, sH*strideH, sW*strideW, sH*dilH, sW*dilW, sC)`, made dense by one copy; then one matMul with the filter
 *   seen as `[KH*KW*C, OC]`.
 * - col2im (the adjoint, for the input gradient): for each filter tap (kh, kw), the patch is added into a strided
 *   window of a zero, padded buffer (`add` then `copy` back), and the padding is cropped off as a view.
 */
import type { DType } from '../dtype.js';
import { hasKernel, type Backend, type Conv2DGeometry } from '../backend/contract.js';
import type { BackendDType } from '../dtype.js';
import { fmtShape, shapesEqual } from '../util/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import type { TensorLike } from '../tensor/types.js';
import { backendFor, checkDType, checkSameDType, composite, makeView, newOutput, record, toT } from './dispatch.js';
import { dense, permuted, reshaped } from './layout.js';
import { matMul } from './linalg.js';
import { releaseConverted } from './indexing-kernels.js';
import { col2im, convGeometry, im2col, windowArgs, windowAttrs, type ConvGeometry, type Padding, type Pair2 } from './window.js';

export type { Padding, Pair2 } from './window.js';

const FLOATS: readonly DType[] = ['float32', 'float64', 'float16'];

/** The recorded attributes of a window op: everything its gradient needs to rebuild the geometry. */
function geometryAttrs(g: ConvGeometry, padding: Padding): Record<string, unknown> {
  return { ...windowAttrs(g, padding), dilations: [g.dh, g.dw] };
}

/** A view `[N, OH, OW, C]` of tap (i, j) of a dense `[N, OH, OW, KH, KW, C]` tensor. */
function tap(cols: Tensor, i: number, j: number): Tensor {
  const s = cols.strides;
  return makeView(cols, [cols.shape[0], cols.shape[1], cols.shape[2], cols.shape[5]], [s[0], s[1], s[2], s[5]], cols.offset + i * s[3] + j * s[4]);
}

// ------------------------------------------------------------------ argument checks

function checkRank4(op: string, name: string, t: Tensor): void {
  if (t.rank !== 4) throw new Error(`${op}: ${name} must have rank 4, got ${t.dtype} ${fmtShape(t.shape)}`);
}

function checkShape4(op: string, name: string, shape: readonly number[]): void {
  if (shape.length !== 4 || !shape.every((s) => Number.isInteger(s) && s >= 0)) {
    throw new Error(`${op}: ${name} must be 4 non-negative integers, got ${fmtShape(shape)}`);
  }
}

function checkDy(op: string, dy: Tensor, expect: readonly number[]): void {
  if (!shapesEqual(dy.shape, expect)) {
    throw new Error(`${op}: dy has shape ${fmtShape(dy.shape)}, but the convolution's output is ${fmtShape(expect)}`);
  }
}

function floatPair(op: string, a: Tensor, b: Tensor): void {
  checkDType(op, a, FLOATS);
  checkSameDType(op, a, b);
}

// ------------------------------------------------------------------ conv2d

/**
 * 2-D convolution (cross-correlation, as TensorFlow): x `[N, H, W, C]`, filter `[KH, KW, C, OC]` ->
 * `[N, OH, OW, OC]`. `strides` and `dilations` are a number or `[h, w]`; padding `'valid'`, `'same'` or explicit.
 * @param x - the input `[N, H, W, C]` (NHWC), a float tensor.
 * @param filter - the kernels `[KH, KW, C, OC]`, of `x`'s dtype.
 * @param strides - the step per spatial axis: a number, `[h, w]` or `[1, h, w, 1]` (default 1).
 * @param padding - 'valid' (default: no padding), 'same' (output size `ceil(in / stride)`) or explicit `[[top, bottom], [left, right]]`.
 * @param dilations - the spacing between filter taps: a number or `[h, w]` (default 1).
 * @returns `[N, OH, OW, OC]` of `x`'s dtype.
 * @example
 * ```ts
 * const x = ones([1, 4, 4, 1]);
 * const y = conv2d(x, ones([3, 3, 1, 2])); // [1, 2, 2, 2], every value 9
 * const z = conv2d(x, ones([3, 3, 1, 2]), 1, 'same'); // [1, 4, 4, 2]
 * ```
 */
export function conv2d(x: TensorLike, filter: TensorLike, strides: Pair2 = 1, padding: Padding = 'valid', dilations: Pair2 = 1): Tensor {
  const op = 'conv2d';
  const t = toT(x, op, 'x');
  const f = toT(filter, op, 'filter', t.dtype);
  try {
    checkRank4(op, 'x', t);
    checkRank4(op, 'filter', f);
    floatPair(op, t, f);
    if (f.shape[2] !== t.shape[3]) {
      throw new Error(`${op}: input channels differ: x ${fmtShape(t.shape)} has ${t.shape[3]}, filter ${fmtShape(f.shape)} expects ${f.shape[2]}`);
    }
    const g = convGeometry(op, t.shape, f.shape[0], f.shape[1], strides, padding, dilations);
    const oc = f.shape[3];
    const attrs = geometryAttrs(g, padding);
    const b = backendFor(op, t.dtype, [t, f]);
    if (b.conv2d) {
      const out = runConvKernel(b, 'conv2d', t, f, [g.batch, g.outH, g.outW, oc], g, oc, false);
      record(op, [t, f], attrs, out);
      return out;
    }
    return composite(op, [t, f], attrs, () => {
      const y = matMul(im2col(t, g), reshaped(dense(f), [g.kh * g.kw * g.inC, oc]));
      return reshaped(y, [g.batch, g.outH, g.outW, oc]);
    });
  } finally {
    releaseConverted(filter, f);
    releaseConverted(x, t);
  }
}

/** The geometry every convolution kernel takes (conv2d and its two backprops), from a resolved geometry. */
function convKernelGeometry(dtype: DType, g: ConvGeometry, outC: number, depthwise: boolean): Conv2DGeometry {
  return {
    dtype: dtype as BackendDType,
    ...windowArgs(g),
    inChannels: g.inC,
    outChannels: outC,
    dilationHeight: g.dh,
    dilationWidth: g.dw,
    depthwise,
  };
}

/** The convolution kernels that take two dense operands and write one fresh output. */
type ConvKernel = 'conv2d' | 'conv2dBackpropInput' | 'conv2dBackpropFilter';

/**
 * Runs one of the convolution kernels on dense copies of `a` and `c` into a new tensor of `shape`: conv2d takes
 * (x, filter), conv2dBackpropInput (dy, filter), conv2dBackpropFilter (x, dy).
 */
function runConvKernel(b: Backend, kernel: ConvKernel, a: Tensor, c: Tensor, shape: readonly number[], g: ConvGeometry, outC: number, depthwise: boolean): Tensor {
  const out = newOutput(b, a.dtype, shape);
  if (out.size === 0) return out;
  const ad = dense(a);
  const cd = dense(c);
  try {
    const geo = convKernelGeometry(a.dtype, g, outC, depthwise);
    const [ai, ci, oi] = [ad.handle!.id, cd.handle!.id, out.handle!.id];
    if (kernel === 'conv2d') b.conv2d!({ ...geo, x: ai, filter: ci, out: oi });
    else if (kernel === 'conv2dBackpropInput') b.conv2dBackpropInput!({ ...geo, dy: ai, filter: ci, out: oi });
    else b.conv2dBackpropFilter!({ ...geo, x: ai, dy: ci, out: oi });
  } finally {
    ad.dispose();
    cd.dispose();
  }
  return out;
}

/**
 * The gradient of conv2d with respect to its input: `dy` `[N, OH, OW, OC]` and the filter `[KH, KW, C, OC]` give
 * `[N, H, W, C]` for `inputShape`. Computed as `dy @ filter^T` (the patch gradients) folded back by col2im.
 * Linear in `dy` (its gradient there is conv2d) and in `filter` (conv2dBackpropFilter).
 * @param dy - the gradient of conv2d's output, `[N, OH, OW, OC]`.
 * @param filter - the kernels `[KH, KW, C, OC]` the forward pass used.
 * @param inputShape - the forward input's shape `[N, H, W, C]`.
 * @param strides - the step per spatial axis: a number, `[h, w]` or `[1, h, w, 1]` (default 1).
 * @param padding - 'valid' (default: no padding), 'same' (output size `ceil(in / stride)`) or explicit `[[top, bottom], [left, right]]`.
 * @param dilations - the spacing between filter taps: a number or `[h, w]` (default 1).
 * @returns the gradient with respect to conv2d's input, of `inputShape`.
 * @example
 * ```ts
 * const dx = conv2dBackpropInput(ones([1, 2, 2, 1]), ones([3, 3, 1, 1]), [1, 4, 4, 1]); // [1, 4, 4, 1]
 * ```
 */
export function conv2dBackpropInput(
  dy: TensorLike,
  filter: TensorLike,
  inputShape: readonly number[],
  strides: Pair2 = 1,
  padding: Padding = 'valid',
  dilations: Pair2 = 1,
): Tensor {
  const op = 'conv2dBackpropInput';
  const d = toT(dy, op, 'dy');
  const f = toT(filter, op, 'filter', d.dtype);
  try {
    checkRank4(op, 'filter', f);
    checkShape4(op, 'inputShape', inputShape);
    floatPair(op, d, f);
    if (f.shape[2] !== inputShape[3]) {
      throw new Error(`${op}: input channels differ: inputShape ${fmtShape(inputShape)} has ${inputShape[3]}, filter ${fmtShape(f.shape)} expects ${f.shape[2]}`);
    }
    const g = convGeometry(op, inputShape, f.shape[0], f.shape[1], strides, padding, dilations);
    const oc = f.shape[3];
    checkDy(op, d, [g.batch, g.outH, g.outW, oc]);
    const attrs = { ...geometryAttrs(g, padding), inputShape: [...inputShape] };
    const b = backendFor(op, d.dtype, [d, f]);
    if (hasKernel(b, 'conv2dBackpropInput', d.dtype as BackendDType)) {
      const out = runConvKernel(b, 'conv2dBackpropInput', d, f, inputShape, g, oc, false);
      record(op, [d, f], attrs, out);
      return out;
    }
    return composite(op, [d, f], attrs, () => {
      const p = g.batch * g.outH * g.outW;
      const cols = matMul(reshaped(dense(d), [p, oc]), reshaped(dense(f), [g.kh * g.kw * g.inC, oc]), false, true);
      const cols6 = reshaped(cols, [g.batch, g.outH, g.outW, g.kh, g.kw, g.inC]);
      return col2im((i, j) => tap(cols6, i, j), g, d.dtype, b);
    });
  } finally {
    releaseConverted(filter, f);
    releaseConverted(dy, d);
  }
}

/**
 * The gradient of conv2d with respect to its filter: x `[N, H, W, C]` and `dy` `[N, OH, OW, OC]` give
 * `filterShape` `[KH, KW, C, OC]`, as `im2col(x)^T @ dy`. Linear in both inputs (gradients: conv2dBackpropInput
 * for x, conv2d for dy).
 * @param x - the forward input `[N, H, W, C]`.
 * @param dy - the gradient of conv2d's output, `[N, OH, OW, OC]`.
 * @param filterShape - the filter's shape `[KH, KW, C, OC]`.
 * @param strides - the step per spatial axis: a number, `[h, w]` or `[1, h, w, 1]` (default 1).
 * @param padding - 'valid' (default: no padding), 'same' (output size `ceil(in / stride)`) or explicit `[[top, bottom], [left, right]]`.
 * @param dilations - the spacing between filter taps: a number or `[h, w]` (default 1).
 * @returns the gradient with respect to the filter, of `filterShape`.
 * @example
 * ```ts
 * const dw = conv2dBackpropFilter(ones([1, 4, 4, 1]), ones([1, 2, 2, 1]), [3, 3, 1, 1]); // every value 4
 * ```
 */
export function conv2dBackpropFilter(
  x: TensorLike,
  dy: TensorLike,
  filterShape: readonly number[],
  strides: Pair2 = 1,
  padding: Padding = 'valid',
  dilations: Pair2 = 1,
): Tensor {
  const op = 'conv2dBackpropFilter';
  const t = toT(x, op, 'x');
  const d = toT(dy, op, 'dy', t.dtype);
  try {
    checkRank4(op, 'x', t);
    checkShape4(op, 'filterShape', filterShape);
    floatPair(op, t, d);
    if (filterShape[2] !== t.shape[3]) {
      throw new Error(`${op}: input channels differ: x ${fmtShape(t.shape)} has ${t.shape[3]}, filterShape ${fmtShape(filterShape)} expects ${filterShape[2]}`);
    }
    const g = convGeometry(op, t.shape, filterShape[0], filterShape[1], strides, padding, dilations);
    const oc = filterShape[3];
    checkDy(op, d, [g.batch, g.outH, g.outW, oc]);
    const attrs = { ...geometryAttrs(g, padding), filterShape: [...filterShape] };
    const b = backendFor(op, t.dtype, [t, d]);
    if (hasKernel(b, 'conv2dBackpropFilter', t.dtype as BackendDType)) {
      const out = runConvKernel(b, 'conv2dBackpropFilter', t, d, filterShape, g, oc, false);
      record(op, [t, d], attrs, out);
      return out;
    }
    return composite(op, [t, d], attrs, () => {
      const p = g.batch * g.outH * g.outW;
      const df = matMul(im2col(t, g), reshaped(dense(d), [p, oc]), true, false);
      return reshaped(df, filterShape);
    });
  } finally {
    releaseConverted(dy, d);
    releaseConverted(x, t);
  }
}

/**
 * Transposed convolution (the adjoint of conv2d, "deconvolution"): x `[N, H, W, inC]`, filter
 * `[KH, KW, outC, inC]` (TensorFlow's layout) -> `outputShape` `[N, OH, OW, outC]`. This is exactly
 * {@link conv2dBackpropInput} and is recorded as that op.
 * @param x - the input `[N, H, W, inC]`.
 * @param filter - the kernels `[KH, KW, outC, inC]` (TensorFlow's layout).
 * @param outputShape - the output's shape `[N, OH, OW, outC]`: the input shape conv2d would map to `x`'s.
 * @param strides - the step per spatial axis: a number, `[h, w]` or `[1, h, w, 1]` (default 1).
 * @param padding - 'valid' (default: no padding), 'same' (output size `ceil(in / stride)`) or explicit `[[top, bottom], [left, right]]`.
 * @param dilations - the spacing between filter taps: a number or `[h, w]` (default 1).
 * @returns `[N, OH, OW, outC]` of `x`'s dtype.
 * @example
 * ```ts
 * const up = conv2dTranspose(ones([1, 2, 2, 1]), ones([2, 2, 1, 1]), [1, 4, 4, 1], 2); // [1, 4, 4, 1] of ones
 * ```
 */
export function conv2dTranspose(
  x: TensorLike,
  filter: TensorLike,
  outputShape: readonly number[],
  strides: Pair2 = 1,
  padding: Padding = 'valid',
  dilations: Pair2 = 1,
): Tensor {
  return conv2dBackpropInput(x, filter, outputShape, strides, padding, dilations);
}

// ------------------------------------------------------------------ depthwise

function checkDepthwise(op: string, inC: number, fShape: readonly number[], what: string, shape: readonly number[]): void {
  if (fShape[2] !== inC) {
    throw new Error(`${op}: input channels differ: ${what} ${fmtShape(shape)} has ${inC}, filter ${fmtShape(fShape)} expects ${fShape[2]}`);
  }
}

/** The filter `[KH, KW, C, M]` as `[C, K, M]` (a view; matMul batches over channels). */
function filterByChannel(f: Tensor, g: ConvGeometry, m: number): Tensor {
  return permuted(reshaped(dense(f), [g.kh * g.kw, g.inC, m]), [1, 0, 2]);
}

/** The input's patches as `[C, P, K]` (a view of the im2col matrix). */
function patchesByChannel(x: Tensor, g: ConvGeometry): Tensor {
  const p = g.batch * g.outH * g.outW;
  return permuted(reshaped(im2col(x, g), [p, g.kh * g.kw, g.inC]), [2, 0, 1]);
}

/**
 * Depthwise 2-D convolution: each input channel c is convolved with its own `M` filters
 * `filter[:, :, c, :]`; x `[N, H, W, C]`, filter `[KH, KW, C, M]` -> `[N, OH, OW, C*M]` (channel `c*M + m`).
 * Lowered as one matMul batched over channels.
 * @param x - the input `[N, H, W, C]`, a float tensor.
 * @param filter - `[KH, KW, C, M]`: M kernels per input channel.
 * @param strides - the step per spatial axis: a number, `[h, w]` or `[1, h, w, 1]` (default 1).
 * @param padding - 'valid' (default: no padding), 'same' (output size `ceil(in / stride)`) or explicit `[[top, bottom], [left, right]]`.
 * @param dilations - the spacing between filter taps: a number or `[h, w]` (default 1).
 * @returns `[N, OH, OW, C*M]` of `x`'s dtype (channel `c*M + m`).
 * @example
 * ```ts
 * const y = depthwiseConv2d(ones([1, 3, 3, 2]), ones([3, 3, 2, 1])); // [1, 1, 1, 2], values 9
 * ```
 */
export function depthwiseConv2d(x: TensorLike, filter: TensorLike, strides: Pair2 = 1, padding: Padding = 'valid', dilations: Pair2 = 1): Tensor {
  const op = 'depthwiseConv2d';
  const t = toT(x, op, 'x');
  const f = toT(filter, op, 'filter', t.dtype);
  try {
    checkRank4(op, 'x', t);
    checkRank4(op, 'filter', f);
    floatPair(op, t, f);
    checkDepthwise(op, t.shape[3], f.shape, 'x', t.shape);
    const g = convGeometry(op, t.shape, f.shape[0], f.shape[1], strides, padding, dilations);
    const m = f.shape[3];
    const attrs = geometryAttrs(g, padding);
    const b = backendFor(op, t.dtype, [t, f]);
    if (b.conv2d) {
      const out = runConvKernel(b, 'conv2d', t, f, [g.batch, g.outH, g.outW, g.inC * m], g, g.inC * m, true);
      record(op, [t, f], attrs, out);
      return out;
    }
    return composite(op, [t, f], attrs, () => {
      const y = matMul(patchesByChannel(t, g), filterByChannel(f, g, m)); // [C, P, M]
      return reshaped(dense(permuted(y, [1, 0, 2])), [g.batch, g.outH, g.outW, g.inC * m]);
    });
  } finally {
    releaseConverted(filter, f);
    releaseConverted(x, t);
  }
}

/**
 * The gradient of depthwiseConv2d with respect to its input: `dy` `[N, OH, OW, C*M]`, filter `[KH, KW, C, M]`
 * -> `inputShape`. Linear in `dy` (gradient: depthwiseConv2d) and in `filter`.
 * @param dy - the gradient of the output, `[N, OH, OW, C*M]`.
 * @param filter - the kernels `[KH, KW, C, M]` the forward pass used.
 * @param inputShape - the forward input's shape `[N, H, W, C]`.
 * @param strides - the step per spatial axis: a number, `[h, w]` or `[1, h, w, 1]` (default 1).
 * @param padding - 'valid' (default: no padding), 'same' (output size `ceil(in / stride)`) or explicit `[[top, bottom], [left, right]]`.
 * @param dilations - the spacing between filter taps: a number or `[h, w]` (default 1).
 * @returns the gradient with respect to the input, of `inputShape`.
 * @example
 * ```ts
 * const dx = depthwiseConv2dBackpropInput(ones([1, 1, 1, 2]), ones([3, 3, 2, 1]), [1, 3, 3, 2]); // ones
 * ```
 */
export function depthwiseConv2dBackpropInput(
  dy: TensorLike,
  filter: TensorLike,
  inputShape: readonly number[],
  strides: Pair2 = 1,
  padding: Padding = 'valid',
  dilations: Pair2 = 1,
): Tensor {
  const op = 'depthwiseConv2dBackpropInput';
  const d = toT(dy, op, 'dy');
  const f = toT(filter, op, 'filter', d.dtype);
  try {
    checkRank4(op, 'filter', f);
    checkShape4(op, 'inputShape', inputShape);
    floatPair(op, d, f);
    checkDepthwise(op, inputShape[3], f.shape, 'inputShape', inputShape);
    const g = convGeometry(op, inputShape, f.shape[0], f.shape[1], strides, padding, dilations);
    const m = f.shape[3];
    checkDy(op, d, [g.batch, g.outH, g.outW, g.inC * m]);
    const attrs = { ...geometryAttrs(g, padding), inputShape: [...inputShape] };
    const b = backendFor(op, d.dtype, [d, f]);
    if (hasKernel(b, 'conv2dBackpropInput', d.dtype as BackendDType)) {
      const out = runConvKernel(b, 'conv2dBackpropInput', d, f, inputShape, g, g.inC * m, true);
      record(op, [d, f], attrs, out);
      return out;
    }
    return composite(op, [d, f], attrs, () => {
      const p = g.batch * g.outH * g.outW;
      const dc = permuted(reshaped(dense(d), [p, g.inC, m]), [1, 0, 2]); // [C, P, M]
      const cols = matMul(dc, filterByChannel(f, g, m), false, true); // [C, P, K]
      const cols6 = reshaped(dense(permuted(cols, [1, 2, 0])), [g.batch, g.outH, g.outW, g.kh, g.kw, g.inC]);
      return col2im((i, j) => tap(cols6, i, j), g, d.dtype, b);
    });
  } finally {
    releaseConverted(filter, f);
    releaseConverted(dy, d);
  }
}

/**
 * The gradient of depthwiseConv2d with respect to its filter: x `[N, H, W, C]`, `dy` `[N, OH, OW, C*M]` ->
 * `filterShape` `[KH, KW, C, M]`. Linear in both inputs.
 * @param x - the forward input `[N, H, W, C]`.
 * @param dy - the gradient of the output, `[N, OH, OW, C*M]`.
 * @param filterShape - the filter's shape `[KH, KW, C, M]`.
 * @param strides - the step per spatial axis: a number, `[h, w]` or `[1, h, w, 1]` (default 1).
 * @param padding - 'valid' (default: no padding), 'same' (output size `ceil(in / stride)`) or explicit `[[top, bottom], [left, right]]`.
 * @param dilations - the spacing between filter taps: a number or `[h, w]` (default 1).
 * @returns the gradient with respect to the filter, of `filterShape`.
 * @example
 * ```ts
 * const dw = depthwiseConv2dBackpropFilter(ones([1, 3, 3, 2]), ones([1, 1, 1, 2]), [3, 3, 2, 1]); // ones
 * ```
 */
export function depthwiseConv2dBackpropFilter(
  x: TensorLike,
  dy: TensorLike,
  filterShape: readonly number[],
  strides: Pair2 = 1,
  padding: Padding = 'valid',
  dilations: Pair2 = 1,
): Tensor {
  const op = 'depthwiseConv2dBackpropFilter';
  const t = toT(x, op, 'x');
  const d = toT(dy, op, 'dy', t.dtype);
  try {
    checkRank4(op, 'x', t);
    checkShape4(op, 'filterShape', filterShape);
    floatPair(op, t, d);
    checkDepthwise(op, t.shape[3], filterShape, 'x', t.shape);
    const g = convGeometry(op, t.shape, filterShape[0], filterShape[1], strides, padding, dilations);
    const m = filterShape[3];
    checkDy(op, d, [g.batch, g.outH, g.outW, g.inC * m]);
    const attrs = { ...geometryAttrs(g, padding), filterShape: [...filterShape] };
    const b = backendFor(op, t.dtype, [t, d]);
    if (hasKernel(b, 'conv2dBackpropFilter', t.dtype as BackendDType)) {
      const out = runConvKernel(b, 'conv2dBackpropFilter', t, d, filterShape, g, g.inC * m, true);
      record(op, [t, d], attrs, out);
      return out;
    }
    return composite(op, [t, d], attrs, () => {
      const p = g.batch * g.outH * g.outW;
      const dc = permuted(reshaped(dense(d), [p, g.inC, m]), [1, 0, 2]); // [C, P, M]
      const df = matMul(patchesByChannel(t, g), dc, true, false); // [C, K, M]
      return reshaped(dense(permuted(df, [1, 0, 2])), filterShape);
    });
  } finally {
    releaseConverted(dy, d);
    releaseConverted(x, t);
  }
}
