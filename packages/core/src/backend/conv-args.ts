/** Argument types of the contract's convolution and pooling kernels (NHWC) and their backprop kernels. */
import type { BackendDType } from '../dtype.js';
import type { DataId, FusedActivation } from './contract.js';

/**
 * The geometry of a 2-D convolution (NHWC), shared by the conv2d kernel and its two backprop kernels: input
 * `[batch, inHeight, inWidth, inChannels]`, filter `[filterHeight, filterWidth, inChannels, outChannels]`, output
 * `[batch, outHeight, outWidth, outChannels]`. Output row `oh` with filter row `i` reads input row
 * `oh * strideHeight - padTop + i * dilationHeight` (columns alike); rows and columns outside the input read 0.
 * Depthwise: filter `[kh, kw, inC, multiplier]`, outChannels = inC * multiplier, output channel `c * multiplier + q`
 * (TensorFlow's order).
 */
export interface Conv2DGeometry {
  readonly dtype: BackendDType;
  readonly batch: number;
  readonly inHeight: number;
  readonly inWidth: number;
  readonly inChannels: number;
  readonly outHeight: number;
  readonly outWidth: number;
  readonly outChannels: number;
  readonly filterHeight: number;
  readonly filterWidth: number;
  readonly strideHeight: number;
  readonly strideWidth: number;
  readonly dilationHeight: number;
  readonly dilationWidth: number;
  /** Padding before the first row / column (after is implied by the output size). */
  readonly padTop: number;
  readonly padLeft: number;
  /** Depthwise: each input channel is convolved with `channelMultiplier` filters of its own. */
  readonly depthwise: boolean;
}

/**
 * Arguments of the optional conv2d kernel: NHWC input, filter [kh, kw, inC, outC] (see {@link Conv2DGeometry}),
 * then optional bias and activation.
 */
export interface Conv2DArgs extends Conv2DGeometry {
  readonly x: DataId;
  readonly filter: DataId;
  readonly out: DataId;
  /** Optional bias [outChannels] added before the activation. */
  readonly bias?: DataId;
  readonly activation?: FusedActivation;
  /** Slope for `leakyRelu` (default 0.2). */
  readonly alpha?: number;
}

/**
 * Arguments of the optional conv2dBackpropInput kernel, the adjoint of conv2d in its input: `dy` (contiguous
 * `[batch, outHeight, outWidth, outChannels]`) and the filter give `out` (contiguous
 * `[batch, inHeight, inWidth, inChannels]`, every element written), where `out[b, ih, iw, c]` sums
 * `dy[b, oh, ow, oc] * filter[i, j, c, oc]` over every (oh, ow, i, j, oc) whose tap reads input pixel (ih, iw)
 * under {@link Conv2DGeometry}'s rule (depthwise: oc = `c * multiplier + q`, filter `[i, j, c, q]`). Input pixels
 * no window reads get 0.
 */
export interface Conv2DBackpropInputArgs extends Conv2DGeometry {
  readonly dy: DataId;
  readonly filter: DataId;
  readonly out: DataId;
}

/**
 * Arguments of the optional conv2dBackpropFilter kernel, the adjoint of conv2d in its filter: the input `x`
 * (contiguous `[batch, inHeight, inWidth, inChannels]`) and `dy` (contiguous `[batch, outHeight, outWidth,
 * outChannels]`) give `out` of the filter's shape `[filterHeight, filterWidth, inChannels, outChannels]`
 * (depthwise: `[.., inChannels, multiplier]`), every element written: `out[i, j, c, oc]` sums
 * `x[b, ih, iw, c] * dy[b, oh, ow, oc]` over every output pixel whose tap (i, j) reads an in-bounds (ih, iw).
 */
export interface Conv2DBackpropFilterArgs extends Conv2DGeometry {
  readonly x: DataId;
  readonly dy: DataId;
  readonly out: DataId;
}

/**
 * The geometry of a 2-D pooling (NHWC), shared by pool2d and pool2dBackprop: input `[batch, inHeight, inWidth,
 * channels]`, output `[batch, outHeight, outWidth, channels]`; output row `oh` covers input rows
 * `oh * strideHeight - padTop + i` for `i < filterHeight` (columns alike).
 */
export interface Pool2DGeometry {
  readonly dtype: BackendDType;
  readonly batch: number;
  readonly inHeight: number;
  readonly inWidth: number;
  readonly channels: number;
  readonly outHeight: number;
  readonly outWidth: number;
  readonly filterHeight: number;
  readonly filterWidth: number;
  readonly strideHeight: number;
  readonly strideWidth: number;
  readonly padTop: number;
  readonly padLeft: number;
}

/** Arguments of the optional pooling kernel (NHWC; see {@link Pool2DGeometry}). */
export interface Pool2DArgs extends Pool2DGeometry {
  readonly op: 'max' | 'avg';
  readonly x: DataId;
  readonly out: DataId;
}

/**
 * Arguments of the optional pool2dBackprop kernel: `dy` (contiguous `[batch, outHeight, outWidth, channels]`)
 * gives `out`, the input's gradient (contiguous `[batch, inHeight, inWidth, channels]`, every element written),
 * summed where windows overlap.
 * - `max`: each window's `dy` goes to ONE tap of the window: the first, in row-major tap order `(i, j)`, that
 *   holds the window's maximum of `x`, where taps in the padding count as -Infinity (int32: -2^31) and take part
 *   in the order (so a window whose in-bounds values are all -Infinity routes to its first tap, and the value is
 *   dropped if that tap is padding); if the window holds a NaN, its first NaN wins. Exactly core's lowering (an
 *   argMax over the padded window).
 * - `avg`: each window's `dy`, divided by the number of its in-bounds elements, is added to every in-bounds tap.
 */
export type Pool2DBackpropArgs = Pool2DGeometry & {
  readonly dy: DataId;
  readonly out: DataId;
} & (
    | {
        readonly op: 'max';
        /** The forward input, contiguous `[batch, inHeight, inWidth, channels]`: where each window's maximum is. */
        readonly x: DataId;
      }
    | { readonly op: 'avg'; readonly x?: undefined }
  );
