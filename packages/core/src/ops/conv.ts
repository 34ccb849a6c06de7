/**
 * 2-D convolutions, NHWC, filters `[kh, kw, inC, outC]` (depthwise: `[kh, kw, inC, multiplier]`): conv2d,
 * depthwiseConv2d, conv2dTranspose, and the backprop ops their gradients use (those in conv-backprop.ts, the checks and
 * the kernel-or-lowering choice every one shares in conv-run.ts). The backend's optional `conv2d`,
 * `conv2dBackpropInput` and `conv2dBackpropFilter` kernels run the ops when present (regular and depthwise alike).
 * Otherwise everything lowers onto primitives:
 * - im2col: the windows of the padded input are one strided VIEW `[N, OH, OW, KH, KW, C]` with strides
 *   `(sN, sH*strideH, sW*strideW, sH*dilH, sW*dilW, sC)`, made dense by one copy; then one matMul with the filter
 *   seen as `[KH*KW*C, OC]`.
 * - col2im (the adjoint, for the input gradient): for each filter tap (kh, kw), the patch is added into a strided
 *   window of a zero, padded buffer (`add` then `copy` back), and the padding is cropped off as a view.
 */
import type { Tensor } from '../tensor/tensor.js';
import type { TensorLike } from '../tensor/types.js';
import { convOp, filterByChannel, patchesByChannel } from './conv-run.js';
import { dense, permuted, reshaped } from './layout.js';
import { matMul } from './linalg.js';
import { im2col, type Padding, type Pair2 } from './window.js';

export type { Padding, Pair2 } from './window.js';
export {
  conv2dBackpropFilter,
  conv2dBackpropInput,
  conv2dTranspose,
  depthwiseConv2dBackpropFilter,
  depthwiseConv2dBackpropInput,
} from './conv-backprop.js';

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
  return convOp({ op: 'conv2d', kernel: 'conv2d', depthwise: false, a: x, c: filter, strides, padding, dilations }, (t, f, g) => {
    const oc = f.shape[3];
    const y = matMul(im2col(t, g), reshaped(dense(f), [g.kh * g.kw * g.inC, oc]));
    return reshaped(y, [g.batch, g.outH, g.outW, oc]);
  });
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
  return convOp({ op: 'depthwiseConv2d', kernel: 'conv2d', depthwise: true, a: x, c: filter, strides, padding, dilations }, (t, f, g) => {
    const m = f.shape[3];
    const y = matMul(patchesByChannel(t, g), filterByChannel(f, g, m)); // [C, P, M]
    return reshaped(dense(permuted(y, [1, 0, 2])), [g.batch, g.outH, g.outW, g.inC * m]);
  });
}
