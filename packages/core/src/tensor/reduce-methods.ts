/** Tensor's chainable reductions, softmax, matMul and casts (`x.sum(0)`, `x.matMul(w)`, `x.cast('int32')`). */
import type { DType } from '../dtype.js';
import type { SumDType, TensorLike } from './types.js';
import * as ops from '../ops/index.js';
import { TensorUnaryMethods } from './unary-methods.js';
import { asTensor } from './tensor-core.js';
import type { Tensor } from './tensor.js';

/**
 * @internal The chainable reductions, softmax, cumulative sums, matrix products and casts of {@link Tensor}.
 *
 * @typeParam D - the dtype (default: any dtype)
 */
export class TensorReduceMethods<D extends DType = DType> extends TensorUnaryMethods<D> {
  // The chainable reductions, softmax, cumulative sums, products of matrices and casts.

  /**
   * The sum over `axis`: the chainable form of {@link ops.sum}.
   * @param axis - the axis or axes to reduce (negative counts from the end); every axis when omitted.
   * @param keepDims - keep each reduced axis with size 1 instead of dropping it. Default false.
   * @returns a new tensor of the reduced shape, of this tensor's dtype (int32 for bool, counting the trues).
   * @example
   * ```ts
   * const m = tensor([[1, 2], [3, 4]]);
   * m.sum(); // 10
   * m.sum(0); // [4, 6]
   * ```
   */
  sum(axis?: number | number[], keepDims = false): Tensor<SumDType<D>> { return ops.sum(asTensor(this), axis, keepDims); }

  /**
   * The mean over `axis`: the chainable form of {@link ops.mean}.
   * @param axis - the axis or axes to reduce (negative counts from the end); every axis when omitted.
   * @param keepDims - keep each reduced axis with size 1 instead of dropping it. Default false.
   * @returns a new tensor of the reduced shape, of this tensor's dtype.
   * @example
   * ```ts
   * tensor([[1, 2], [3, 4]]).mean(1); // [1.5, 3.5]
   * ```
   */
  mean(axis?: number | number[], keepDims = false): Tensor<D> { return ops.mean(asTensor(this), axis, keepDims); }

  /**
   * The maximum over `axis`: the chainable form of {@link ops.max}.
   * @param axis - the axis or axes to reduce (negative counts from the end); every axis when omitted.
   * @param keepDims - keep each reduced axis with size 1 instead of dropping it. Default false.
   * @returns a new tensor of the reduced shape, of this tensor's dtype.
   * @example
   * ```ts
   * tensor([[1, 5], [3, 4]]).max(0); // [3, 5]
   * ```
   */
  max(axis?: number | number[], keepDims = false): Tensor<D> { return ops.max(asTensor(this), axis, keepDims); }

  /**
   * The minimum over `axis`: the chainable form of {@link ops.min}.
   * @param axis - the axis or axes to reduce (negative counts from the end); every axis when omitted.
   * @param keepDims - keep each reduced axis with size 1 instead of dropping it. Default false.
   * @returns a new tensor of the reduced shape, of this tensor's dtype.
   * @example
   * ```ts
   * tensor([[1, 5], [3, 4]]).min(1, true); // [[1], [3]]
   * ```
   */
  min(axis?: number | number[], keepDims = false): Tensor<D> { return ops.min(asTensor(this), axis, keepDims); }

  /**
   * The product over `axis`: the chainable form of {@link ops.prod}.
   * @param axis - the axis or axes to reduce (negative counts from the end); every axis when omitted.
   * @param keepDims - keep each reduced axis with size 1 instead of dropping it. Default false.
   * @returns a new tensor of the reduced shape, of this tensor's dtype (int32 for bool, counting the trues).
   * @example
   * ```ts
   * tensor([[1, 2], [3, 4]]).prod(1); // [2, 12]
   * ```
   */
  prod(axis?: number | number[], keepDims = false): Tensor<SumDType<D>> { return ops.prod(asTensor(this), axis, keepDims); }

  /**
   * True where every element over `axis` is truthy (logical AND): the chainable form of {@link ops.all}.
   * @param axis - the axis or axes to reduce (negative counts from the end); every axis when omitted.
   * @param keepDims - keep each reduced axis with size 1 instead of dropping it. Default false.
   * @returns a new tensor of the reduced shape, bool.
   * @example
   * ```ts
   * tensor([[true, false], [true, true]]).all(1); // [false, true]
   * ```
   */
  all(axis?: number | number[], keepDims = false): Tensor<'bool'> { return ops.all(asTensor(this), axis, keepDims); }

  /**
   * True where some element over `axis` is truthy (logical OR): the chainable form of {@link ops.any}.
   * @param axis - the axis or axes to reduce (negative counts from the end); every axis when omitted.
   * @param keepDims - keep each reduced axis with size 1 instead of dropping it. Default false.
   * @returns a new tensor of the reduced shape, bool.
   * @example
   * ```ts
   * tensor([[true, false], [false, false]]).any(1); // [true, false]
   * ```
   */
  any(axis?: number | number[], keepDims = false): Tensor<'bool'> { return ops.any(asTensor(this), axis, keepDims); }

  /**
   * The index of the largest element along `axis` (the first on ties): the chainable form of {@link ops.argMax}.
   * @param axis - the axis to search (negative counts from the end). Default 0.
   * @returns an int32 tensor of this tensor's shape without `axis`.
   * @example
   * ```ts
   * tensor([[1, 9], [8, 2]]).argMax(1); // [1, 0]
   * ```
   */
  argMax(axis = 0): Tensor<'int32'> { return ops.argMax(asTensor(this), axis); }

  /**
   * The index of the smallest element along `axis` (the first on ties): the chainable form of {@link ops.argMin}.
   * @param axis - the axis to search (negative counts from the end). Default 0.
   * @returns an int32 tensor of this tensor's shape without `axis`.
   * @example
   * ```ts
   * tensor([[1, 9], [8, 2]]).argMin(1); // [0, 1]
   * ```
   */
  argMin(axis = 0): Tensor<'int32'> { return ops.argMin(asTensor(this), axis); }

  /**
   * `log(sum(exp(x)))` over `axis`, computed stably: the chainable form of {@link ops.logSumExp}.
   * @param axis - the axis or axes to reduce (negative counts from the end); every axis when omitted.
   * @param keepDims - keep each reduced axis with size 1 instead of dropping it. Default false.
   * @returns a new tensor of the reduced shape, of this tensor's dtype.
   * @example
   * ```ts
   * tensor([0, 0]).logSumExp(); // 0.6931472
   * ```
   */
  logSumExp(axis?: number | number[], keepDims = false): Tensor<D> { return ops.logSumExp(asTensor(this), axis, keepDims); }

  /**
   * The softmax along `axis` (each slice becomes positive and sums to 1): the chainable form of {@link
   * ops.softmax}.
   * @param axis - the axis to normalise (negative counts from the end). Default -1, the last.
   * @returns a new tensor of this tensor's shape and dtype.
   * @example
   * ```ts
   * tensor([0, 0]).softmax(); // [0.5, 0.5]
   * ```
   */
  softmax(axis = -1): Tensor<D> { return ops.softmax(asTensor(this), axis); }

  /**
   * The log of the softmax along `axis`, computed stably: the chainable form of {@link ops.logSoftmax}.
   * @param axis - the axis to normalise (negative counts from the end). Default -1, the last.
   * @returns a new tensor of this tensor's shape and dtype.
   * @example
   * ```ts
   * tensor([0, 0]).logSoftmax(); // [-0.6931472, -0.6931472]
   * ```
   */
  logSoftmax(axis = -1): Tensor<D> { return ops.logSoftmax(asTensor(this), axis); }

  /**
   * The running sum along `axis`: the chainable form of {@link ops.cumsum}.
   * @param axis - the axis to accumulate along (negative counts from the end). Default 0.
   * @param exclusive - leave out each element's own value (the first output is the identity). Default false.
   * @param reverse - accumulate from the end of the axis. Default false.
   * @returns a new tensor of this tensor's shape and dtype.
   * @example
   * ```ts
   * tensor([1, 2, 3]).cumsum(); // [1, 3, 6]
   * tensor([1, 2, 3]).cumsum(0, true); // [0, 1, 3]
   * ```
   */
  cumsum(axis = 0, exclusive = false, reverse = false): Tensor<D> { return ops.cumsum(asTensor(this), axis, exclusive, reverse); }

  /**
   * The matrix product `this · b` (batched over leading axes): the chainable form of {@link ops.matMul}.
   * @param b - the right operand, of rank 2 or more, matching this tensor's dtype.
   * @param transposeA - use the transpose of this tensor's last two axes. Default false.
   * @param transposeB - use the transpose of `b`'s last two axes. Default false.
   * @returns a new tensor of shape `[...batch, m, n]`, of this tensor's dtype.
   * @example
   * ```ts
   * tensor([[1, 2], [3, 4]]).matMul(tensor([[1], [1]])); // [[3], [7]]
   * ```
   */
  matMul(b: TensorLike, transposeA = false, transposeB = false): Tensor<D> { return ops.matMul(asTensor(this), b, transposeA, transposeB); }

  /**
   * The dot product: a scalar for two vectors, a matrix-vector or matrix product otherwise: the chainable form of
   * {@link ops.dot}.
   * @param b - the right operand, a vector or matrix matching this tensor's dtype.
   * @returns a new tensor of this tensor's dtype (a scalar for two vectors).
   * @example
   * ```ts
   * tensor([1, 2]).dot(tensor([3, 4])); // 11
   * ```
   */
  dot(b: TensorLike): Tensor<D> { return ops.dot(asTensor(this), b); }

  /**
   * Converts to another dtype (float to int truncates toward zero; nonzero becomes true for bool): the chainable
   * form of {@link ops.cast}.
   * @param dtype - the target dtype.
   * @returns a new tensor of this tensor's shape, of dtype `dtype`.
   * @example
   * ```ts
   * tensor([1.7, 0]).cast('int32'); // [1, 0]
   * ```
   */
  cast<E extends DType>(dtype: E): Tensor<E> { return ops.cast(asTensor(this), dtype); }


  /**
   * `cast` from async code on every backend (`await x.castAsync('float64')` on WebGPU, where float64 runs on cpu):
   * the chainable form of {@link ops.castAsync}.
   * @param dtype - the target dtype.
   * @returns a promise of a new tensor of this tensor's shape, of dtype `dtype`.
   * @example
   * ```ts
   * const y = await tensor([1.5, 2]).castAsync('float64'); // float64 [1.5, 2]
   * ```
   */
  castAsync(dtype: DType): Promise<Tensor> {
    return ops.castAsync(asTensor(this), dtype);
  }
}
