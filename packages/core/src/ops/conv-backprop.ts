/**
 * The gradients of the 2-D convolutions as ops of their own (NHWC; see conv.ts): with respect to the input (which is
 * also the transposed convolution) and to the filter, regular and depthwise. Each runs the backend's
 * `conv2dBackpropInput` / `conv2dBackpropFilter` kernel when present, else lowers onto primitives: a matMul with
 * the filter (or the im2col matrix), and for the input gradient col2im, the adjoint of im2col.
 */
import type { Tensor } from '../tensor/tensor.js';
import type { TensorLike } from '../tensor/types.js';
import { convOp, filterByChannel, foldPatches, patchesByChannel } from './conv-run.js';
import { dense, permuted, reshaped } from './layout.js';
import { matMul } from './linalg.js';
import { im2col, type ConvGeometry, type Padding, type Pair2 } from './window.js';

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
export function conv2dBackpropInput(dy: TensorLike, filter: TensorLike, inputShape: readonly number[], strides: Pair2 = 1, padding: Padding = 'valid', dilations: Pair2 = 1): Tensor {
  const call = { op: 'conv2dBackpropInput', kernel: 'conv2dBackpropInput', depthwise: false, a: dy, c: filter, shape: inputShape, strides, padding, dilations } as const;
  return convOp(call, (d, f, g, b) => {
    const oc = f.shape[3];
    const p = g.batch * g.outH * g.outW;
    const cols = matMul(reshaped(dense(d), [p, oc]), reshaped(dense(f), [g.kh * g.kw * g.inC, oc]), false, true);
    const cols6 = reshaped(cols, [g.batch, g.outH, g.outW, g.kh, g.kw, g.inC]);
    return foldPatches(cols6, g, d.dtype, b);
  });
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
export function conv2dBackpropFilter(x: TensorLike, dy: TensorLike, filterShape: readonly number[], strides: Pair2 = 1, padding: Padding = 'valid', dilations: Pair2 = 1): Tensor {
  const call = { op: 'conv2dBackpropFilter', kernel: 'conv2dBackpropFilter', depthwise: false, a: x, c: dy, shape: filterShape, strides, padding, dilations } as const;
  return convOp(call, (t, d, g) => {
    const oc = filterShape[3];
    const p = g.batch * g.outH * g.outW;
    const df = matMul(im2col(t, g), reshaped(dense(d), [p, oc]), true, false);
    return reshaped(df, filterShape);
  });
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
export function conv2dTranspose(x: TensorLike, filter: TensorLike, outputShape: readonly number[], strides: Pair2 = 1, padding: Padding = 'valid', dilations: Pair2 = 1): Tensor {
  return conv2dBackpropInput(x, filter, outputShape, strides, padding, dilations);
}

/** A depthwise `dy` `[N, OH, OW, C*M]` as `[C, P, M]` (a view; matMul batches over channels). */
function dyByChannel(d: Tensor, g: ConvGeometry, m: number): Tensor {
  const p = g.batch * g.outH * g.outW;
  return permuted(reshaped(dense(d), [p, g.inC, m]), [1, 0, 2]);
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
export function depthwiseConv2dBackpropInput(dy: TensorLike, filter: TensorLike, inputShape: readonly number[], strides: Pair2 = 1, padding: Padding = 'valid', dilations: Pair2 = 1): Tensor {
  const call = { op: 'depthwiseConv2dBackpropInput', kernel: 'conv2dBackpropInput', depthwise: true, a: dy, c: filter, shape: inputShape, strides, padding, dilations } as const;
  return convOp(call, (d, f, g, b) => {
    const m = f.shape[3];
    const cols = matMul(dyByChannel(d, g, m), filterByChannel(f, g, m), false, true); // [C, P, K]
    const cols6 = reshaped(dense(permuted(cols, [1, 2, 0])), [g.batch, g.outH, g.outW, g.kh, g.kw, g.inC]);
    return foldPatches(cols6, g, d.dtype, b);
  });
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
export function depthwiseConv2dBackpropFilter(x: TensorLike, dy: TensorLike, filterShape: readonly number[], strides: Pair2 = 1, padding: Padding = 'valid', dilations: Pair2 = 1): Tensor {
  const call = { op: 'depthwiseConv2dBackpropFilter', kernel: 'conv2dBackpropFilter', depthwise: true, a: x, c: dy, shape: filterShape, strides, padding, dilations } as const;
  return convOp(call, (t, d, g) => {
    const df = matMul(patchesByChannel(t, g), dyByChannel(d, g, filterShape[3]), true, false); // [C, K, M]
    return reshaped(dense(permuted(df, [1, 0, 2])), filterShape);
  });
}
