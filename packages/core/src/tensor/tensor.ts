import type { DType } from '../dtype.js';
import { brandClass, TENSOR_BRAND } from '../engine/identity.js';
import type { TensorLike } from './types.js';
import type { IndexSpec } from '../ops/indexing.js';
import * as ops from '../ops/index.js';
import { setTensorClass } from './factory.js';
import { TensorReduceMethods } from './reduce-methods.js';
import { asTensor } from './tensor-core.js';

/**
 * An immutable n-dimensional array on a backend. Ops are both functions (`add(a, b)`) and methods
 * (`a.add(b).relu()`). Free a tensor with `dispose()`, a `using` declaration or a scope (`tidy`).
 *
 * The dtype is part of the type: `tensor([1, 2])` is a `Tensor<'float32'>`, whose `data()` resolves to a
 * `Float32Array`; `tensor([1, 2], 'int32')` a `Tensor<'int32'>` (`Int32Array`). Ops that keep the dtype keep it
 * in the type, comparisons give `Tensor<'bool'>`. Plain `Tensor` (any dtype) accepts every tensor.
 *
 * @typeParam D - the dtype (default: any dtype)
 */
export class Tensor<D extends DType = DType> extends TensorReduceMethods<D> {
  // The chainable layout, slicing, indexing, convolution and pooling ops (each is the function of the same name).

  /**
   * The same values in another shape: the chainable form of {@link ops.reshape}.
   * @param shape - the new shape, with as many elements; one entry may be -1 (inferred).
   * @returns a tensor of shape `shape` and this tensor's dtype (a view where possible).
   * @example
   * ```ts
   * tensor([1, 2, 3, 4]).reshape([2, -1]); // [[1, 2], [3, 4]]
   * ```
   */
  reshape(shape: readonly number[]): Tensor<D> { return ops.reshape(asTensor(this), shape); }

  /**
   * The values as a vector: `reshape([-1])`, the chainable form of {@link ops.reshape}.
   * @returns a rank-1 tensor of `size` elements, of this tensor's dtype.
   * @example
   * ```ts
   * tensor([[1, 2], [3, 4]]).flatten(); // [1, 2, 3, 4]
   * ```
   */
  flatten(): Tensor<D> { return ops.reshape(asTensor(this), [-1]); }

  /**
   * Permutes the axes: the chainable form of {@link ops.transpose}.
   * @param perm - the new order of the axes; reverses them when omitted.
   * @returns a tensor of the permuted shape and this tensor's dtype.
   * @example
   * ```ts
   * tensor([[1, 2, 3], [4, 5, 6]]).transpose(); // [[1, 4], [2, 5], [3, 6]]
   * ```
   */
  transpose(perm?: readonly number[]): Tensor<D> { return ops.transpose(asTensor(this), perm); }

  /**
   * Inserts an axis of size 1: the chainable form of {@link ops.expandDims}.
   * @param axis - where the new axis goes (negative counts from the end). Default 0.
   * @returns a tensor of rank + 1, of this tensor's dtype.
   * @example
   * ```ts
   * tensor([1, 2]).expandDims(1); // [[1], [2]], shape [2, 1]
   * ```
   */
  expandDims(axis = 0): Tensor<D> { return ops.expandDims(asTensor(this), axis); }

  /**
   * Removes axes of size 1: the chainable form of {@link ops.squeeze}.
   * @param axis - the axis or axes to remove (each must have size 1); every size-1 axis when omitted.
   * @returns a tensor of the smaller rank, of this tensor's dtype.
   * @example
   * ```ts
   * tensor([[1], [2]]).squeeze(); // [1, 2]
   * ```
   */
  squeeze(axis?: number | number[]): Tensor<D> { return ops.squeeze(asTensor(this), axis); }

  /**
   * Broadcasts to a larger shape (numpy rules): the chainable form of {@link ops.broadcastTo}.
   * @param shape - the target shape, compatible with this tensor's shape.
   * @returns a tensor of shape `shape` and this tensor's dtype.
   * @example
   * ```ts
   * tensor([1, 2]).broadcastTo([2, 2]); // [[1, 2], [1, 2]]
   * ```
   */
  broadcastTo(shape: readonly number[]): Tensor<D> { return ops.broadcastTo(asTensor(this), shape); }

  /**
   * Repeats the tensor along each axis: the chainable form of {@link ops.tile}.
   * @param reps - how many times to repeat along each axis (one entry per axis).
   * @returns a tensor of shape `shape[i] * reps[i]`, of this tensor's dtype.
   * @example
   * ```ts
   * tensor([1, 2]).tile([2]); // [1, 2, 1, 2]
   * ```
   */
  tile(reps: readonly number[]): Tensor<D> { return ops.tile(asTensor(this), reps); }

  /**
   * A contiguous block: the chainable form of {@link ops.slice}.
   * @param begin - the start index on each axis.
   * @param size - the size on each axis (-1 for the rest); the rest of every axis when omitted.
   * @returns a tensor of shape `size`, of this tensor's dtype.
   * @example
   * ```ts
   * tensor([[1, 2, 3], [4, 5, 6]]).slice([0, 1], [2, 2]); // [[2, 3], [5, 6]]
   * ```
   */
  slice(begin: readonly number[], size?: readonly number[]): Tensor<D> { return ops.slice(asTensor(this), begin, size); }

  /**
   * Reverses the order along axes: the chainable form of {@link ops.reverse}.
   * @param axis - the axis or axes to reverse; every axis when omitted.
   * @returns a new tensor of this tensor's shape and dtype.
   * @example
   * ```ts
   * tensor([[1, 2], [3, 4]]).reverse(1); // [[2, 1], [4, 3]]
   * ```
   */
  reverse(axis?: number | number[]): Tensor<D> { return ops.reverse(asTensor(this), axis); }

  /**
   * Picks slices along `axis` by index: the chainable form of {@link ops.gather}.
   * @param indices - the int32 indices to pick, of any shape.
   * @param axis - the axis to index (negative counts from the end). Default 0.
   * @returns a tensor of shape `shape[:axis] + indices.shape + shape[axis + 1:]`, of this tensor's dtype.
   * @example
   * ```ts
   * tensor([10, 20, 30]).gather(tensor([2, 0], 'int32')); // [30, 10]
   * ```
   */
  gather(indices: TensorLike, axis = 0): Tensor<D> { return ops.gather(asTensor(this), indices, axis) as Tensor<D>; }

  /**
   * Pads every axis with a constant: the chainable form of {@link ops.pad}.
   * @param paddings - `[before, after]` amounts for each axis.
   * @param value - the fill value. Default 0.
   * @returns a tensor of shape `shape[i] + before + after`, of this tensor's dtype.
   * @example
   * ```ts
   * tensor([1, 2]).pad([[1, 2]]); // [0, 1, 2, 0, 0]
   * ```
   */
  pad(paddings: readonly (readonly [number, number])[], value = 0): Tensor<D> { return ops.pad(asTensor(this), paddings, value) as Tensor<D>; }

  /**
   * Splits along `axis` into pieces: the chainable form of {@link ops.split}.
   * @param numOrSizes - the number of equal pieces (which must divide the axis), or the size of each piece.
   * @param axis - the axis to split (negative counts from the end). Default 0.
   * @returns the pieces, in order, each of this tensor's dtype.
   * @example
   * ```ts
   * const [a, b] = tensor([1, 2, 3, 4]).split(2); // [1, 2] and [3, 4]
   * ```
   */
  split(numOrSizes: number | number[], axis = 0): Tensor<D>[] { return ops.split(asTensor(this), numOrSizes, axis); }

  /**
   * Splits along `axis` into tensors of one less rank: the chainable form of {@link ops.unstack}.
   * @param axis - the axis to unstack (negative counts from the end). Default 0.
   * @returns one tensor per index on `axis`, each of this tensor's dtype.
   * @example
   * ```ts
   * const rows = tensor([[1, 2], [3, 4]]).unstack(); // [1, 2] and [3, 4]
   * ```
   */
  unstack(axis = 0): Tensor<D>[] { return ops.unstack(asTensor(this), axis); }

  /**
   * A new tensor with the same values, which you dispose separately: the chainable form of {@link ops.identity}.
   * @returns a new tensor of this tensor's shape and dtype.
   * @example
   * ```ts
   * const copy = tensor([1, 2]).clone(); // [1, 2]
   * ```
   */
  clone(): Tensor<D> { return ops.identity(asTensor(this)); }

  /**
   * numpy basic indexing: integers, ranges (`s(start, stop, step)`, `s()` for a whole axis), `newaxis`,
   * `ellipsis`, or Python syntax in a string. `m.at(1)` is row 1, `m.at(':', 2)` (or `m.at(s(), 2)`, or
   * `m.at(':, 2')`) column 2, `m.at(1, 2)` one element.
   * @param index - one item per indexed axis: an integer, `s(...)`, `newaxis`, `ellipsis`, or a string such as ':'.
   * @returns the indexed tensor (a view where possible), of this tensor's dtype.
   * @example
   * ```ts
   * const m = tensor([[1, 2, 3], [4, 5, 6]]);
   * m.at(1); // [4, 5, 6]
   * m.at(':', 2); // [3, 6]
   * ```
   */
  at(...index: IndexSpec[]): Tensor<D> {
    return ops.at(asTensor(this), ...index) as Tensor<D>;
  }

  /**
   * A strided slice `this[begin:end:strides]` on each axis: the chainable form of {@link ops.stridedSlice}.
   * @param begin - the start index on each axis.
   * @param end - the stop index (exclusive) on each axis.
   * @param strides - the step on each axis (negative steps run backwards); 1 when omitted.
   * @param options - bit masks as in TensorFlow (`beginMask`, `endMask`, `shrinkAxisMask`, ...).
   * @returns a tensor of the sliced shape and this tensor's dtype.
   * @example
   * ```ts
   * tensor([1, 2, 3, 4, 5]).stridedSlice([0], [5], [2]); // [1, 3, 5]
   * ```
   */
  stridedSlice(begin: readonly number[], end: readonly number[], strides?: readonly number[], options?: ops.StridedSliceOptions): Tensor<D> { return ops.stridedSlice(asTensor(this), begin, end, strides, options) as Tensor<D>; }

  /**
   * Picks elements or slices by multi-dimensional index: the chainable form of {@link ops.gatherND}.
   * @param indices - int32 indices whose last axis indexes this tensor's leading axes.
   * @returns a tensor of shape `indices.shape[:-1] + shape[indices.shape[-1]:]`, of this tensor's dtype.
   * @example
   * ```ts
   * tensor([[1, 2], [3, 4]]).gatherND(tensor([[1, 0], [0, 1]], 'int32')); // [3, 2]
   * ```
   */
  gatherND(indices: TensorLike): Tensor<D> { return ops.gatherND(asTensor(this), indices) as Tensor<D>; }

  /**
   * Keeps the slices where `mask` is true (reads the mask: use {@link ops.booleanMaskAsync} on WebGPU): the
   * chainable form of {@link ops.booleanMask}.
   * @param mask - a bool tensor matching this tensor's shape from `axis` on.
   * @param axis - the first axis the mask covers. Default 0.
   * @returns a tensor with the masked axes replaced by one axis of the kept count, of this tensor's dtype.
   * @example
   * ```ts
   * tensor([1, 2, 3]).booleanMask(tensor([true, false, true])); // [1, 3]
   * ```
   */
  booleanMask(mask: TensorLike, axis = 0): Tensor<D> { return ops.booleanMask(asTensor(this), mask, axis) as Tensor<D>; }

  /**
   * One-hot encodes this tensor of integer indices: the chainable form of {@link ops.oneHot}.
   * @param depth - the number of classes (the size of the new last axis).
   * @param onValue - the value at each index. Default 1.
   * @param offValue - the value elsewhere. Default 0.
   * @param dtype - the dtype of the result. Default 'float32'.
   * @returns a tensor of shape `[...shape, depth]`, of dtype `dtype`.
   * @example
   * ```ts
   * tensor([0, 2], 'int32').oneHot(3); // [[1, 0, 0], [0, 0, 1]]
   * ```
   */
  oneHot(depth: number, onValue = 1, offValue = 0, dtype: DType = 'float32'): Tensor { return ops.oneHot(asTensor(this), depth, onValue, offValue, dtype); }

  /**
   * The running product along `axis`: the chainable form of {@link ops.cumprod}.
   * @param axis - the axis to accumulate along (negative counts from the end). Default 0.
   * @param exclusive - leave out each element's own value (the first output is the identity). Default false.
   * @param reverse - accumulate from the end of the axis. Default false.
   * @returns a new tensor of this tensor's shape and dtype.
   * @example
   * ```ts
   * tensor([1, 2, 3]).cumprod(); // [1, 2, 6]
   * tensor([1, 2, 3]).cumprod(0, false, true); // [6, 6, 3]
   * ```
   */
  cumprod(axis = 0, exclusive = false, reverse = false): Tensor<D> { return ops.cumprod(asTensor(this), axis, exclusive, reverse); }

  /**
   * The `k` largest entries along the last axis and their indices (reads the values: use {@link ops.topKAsync} on
   * WebGPU): the chainable form of {@link ops.topK}.
   * @param k - how many entries to keep. Default 1.
   * @param sorted - return them in descending order. Default true.
   * @returns `{ values, indices }`: `values` of this tensor's dtype and `indices` int32, both of shape
   *   `[...shape[:-1], k]`.
   * @example
   * ```ts
   * const { values, indices } = tensor([1, 3, 2]).topK(2); // values [3, 2], indices [1, 2]
   * ```
   */
  topK(k = 1, sorted = true): ops.TopKResult { return ops.topK(asTensor(this), k, sorted); }

  /**
   * A 2-D convolution of this NHWC batch `[batch, height, width, inChannels]`: the chainable form of {@link
   * ops.conv2d}.
   * @param filter - the filter, `[filterHeight, filterWidth, inChannels, outChannels]`.
   * @param strides - the stride, one number or `[height, width]`. Default 1.
   * @param padding - 'valid' (no padding) or 'same' (output size `ceil(input / stride)`). Default 'valid'.
   * @param dilations - the dilation rate, one number or `[height, width]`. Default 1.
   * @returns a tensor `[batch, outHeight, outWidth, outChannels]`, of this tensor's dtype.
   * @example
   * ```ts
   * const y = ones([1, 4, 4, 1]).conv2d(ones([3, 3, 1, 2])); // shape [1, 2, 2, 2], every value 9
   * ```
   */
  conv2d(filter: TensorLike, strides: ops.Pair2 = 1, padding: ops.Padding = 'valid', dilations: ops.Pair2 = 1): Tensor<D> { return ops.conv2d(asTensor(this), filter, strides, padding, dilations) as Tensor<D>; }

  /**
   * A depthwise 2-D convolution (each input channel filtered on its own) of this NHWC batch: the chainable form of
   * {@link ops.depthwiseConv2d}.
   * @param filter - the filter, `[filterHeight, filterWidth, inChannels, channelMultiplier]`.
   * @param strides - the stride, one number or `[height, width]`. Default 1.
   * @param padding - 'valid' (no padding) or 'same' (output size `ceil(input / stride)`). Default 'valid'.
   * @param dilations - the dilation rate, one number or `[height, width]`. Default 1.
   * @returns a tensor `[batch, outHeight, outWidth, inChannels * channelMultiplier]`, of this tensor's dtype.
   * @example
   * ```ts
   * const y = ones([1, 3, 3, 2]).depthwiseConv2d(ones([3, 3, 2, 1])); // shape [1, 1, 1, 2], every value 9
   * ```
   */
  depthwiseConv2d(filter: TensorLike, strides: ops.Pair2 = 1, padding: ops.Padding = 'valid', dilations: ops.Pair2 = 1): Tensor<D> { return ops.depthwiseConv2d(asTensor(this), filter, strides, padding, dilations) as Tensor<D>; }

  /**
   * 2-D max pooling of this NHWC batch `[batch, height, width, channels]`: the chainable form of {@link
   * ops.maxPool}.
   * @param filterSize - the window size, one number or `[height, width]`.
   * @param strides - the stride, one number or `[height, width]`; the window size when omitted.
   * @param padding - 'valid' (no padding) or 'same' (output size `ceil(input / stride)`). Default 'valid'.
   * @returns a tensor `[batch, outHeight, outWidth, channels]`, of this tensor's dtype.
   * @example
   * ```ts
   * tensor([1, 2, 3, 4]).reshape([1, 2, 2, 1]).maxPool(2); // [[[[4]]]]
   * ```
   */
  maxPool(filterSize: ops.Pair2, strides?: ops.Pair2, padding: ops.Padding = 'valid'): Tensor<D> { return ops.maxPool(asTensor(this), filterSize, strides, padding) as Tensor<D>; }

  /**
   * 2-D average pooling of this NHWC batch `[batch, height, width, channels]`: the chainable form of {@link
   * ops.avgPool}.
   * @param filterSize - the window size, one number or `[height, width]`.
   * @param strides - the stride, one number or `[height, width]`; the window size when omitted.
   * @param padding - 'valid' (no padding) or 'same' (output size `ceil(input / stride)`). Default 'valid'.
   * @returns a tensor `[batch, outHeight, outWidth, channels]`, of this tensor's dtype.
   * @example
   * ```ts
   * tensor([1, 2, 3, 4]).reshape([1, 2, 2, 1]).avgPool(2); // [[[[2.5]]]]
   * ```
   */
  avgPool(filterSize: ops.Pair2, strides?: ops.Pair2, padding: ops.Padding = 'valid'): Tensor<D> { return ops.avgPool(asTensor(this), filterSize, strides, padding) as Tensor<D>; }

  /**
   * The slices along the first axis in a random order: the chainable form of {@link ops.randomShuffle}.
   * @param seed - a seed for a reproducible order; the global random stream when omitted.
   * @returns a new tensor of this tensor's shape and dtype.
   * @example
   * ```ts
   * const y = tensor([1, 2, 3, 4]).randomShuffle(42); // the same 4 values, reordered
   * ```
   */
  randomShuffle(seed?: number): Tensor<D> { return ops.randomShuffle(asTensor(this), seed) as Tensor<D>; }
}

// Tensor.prototype owns every method, as when the class was one file: code that lists or copies a tensor's methods
// (`Object.getOwnPropertyDescriptors(Tensor.prototype)`, as another copy's class is made in tests) sees them all.
for (let p = Object.getPrototypeOf(Tensor.prototype) as object; p !== Object.prototype; p = Object.getPrototypeOf(p) as object) {
  for (const key of Reflect.ownKeys(p)) {
    if (key !== 'constructor' && !Object.prototype.hasOwnProperty.call(Tensor.prototype, key)) {
      Object.defineProperty(Tensor.prototype, key, Object.getOwnPropertyDescriptor(p, key)!);
    }
  }
}

// Every tensor is made through the factory (tensor/factory.ts): the ops below this class cannot import it.
setTensorClass(Tensor);

// `instanceof Tensor` accepts tensors of every copy of @lab/core in the process (its ESM and CJS builds).
brandClass(Tensor, TENSOR_BRAND);
