/** Tensor's chainable binary ops: arithmetic, comparisons and logic (`x.add(1)`, `x.less(y)`). */
import type { DType } from '../dtype.js';
import type { TensorLike } from './types.js';
import * as ops from '../ops/index.js';
import { asTensor, TensorCore } from './tensor-core.js';
import type { Tensor } from './tensor.js';

/**
 * @internal The chainable binary ops of {@link Tensor}: arithmetic, comparisons and logic.
 *
 * @typeParam D - the dtype (default: any dtype)
 */
export class TensorBinaryMethods<D extends DType = DType> extends TensorCore<D> {
  // The chainable elementwise binary, comparison and logical ops (each is the function of the same name).

  /**
   * Adds `b` elementwise: the chainable form of {@link ops.add}.
   * @param b - the other operand (a tensor, number or nested array), broadcast against this tensor.
   * @returns a new tensor of the broadcast shape, of this tensor's dtype.
   * @example
   * ```ts
   * tensor([1, 2]).add(1); // [2, 3]
   * ```
   */
  add(b: TensorLike): Tensor<D> { return ops.add(asTensor(this), b); }

  /**
   * Subtracts `b` elementwise: the chainable form of {@link ops.sub}.
   * @param b - the other operand (a tensor, number or nested array), broadcast against this tensor.
   * @returns a new tensor of the broadcast shape, of this tensor's dtype.
   * @example
   * ```ts
   * tensor([5, 7]).sub(tensor([1, 2])); // [4, 5]
   * ```
   */
  sub(b: TensorLike): Tensor<D> { return ops.sub(asTensor(this), b); }

  /**
   * Multiplies by `b` elementwise: the chainable form of {@link ops.mul}.
   * @param b - the other operand (a tensor, number or nested array), broadcast against this tensor.
   * @returns a new tensor of the broadcast shape, of this tensor's dtype.
   * @example
   * ```ts
   * tensor([1, 2]).mul(3); // [3, 6]
   * ```
   */
  mul(b: TensorLike): Tensor<D> { return ops.mul(asTensor(this), b); }

  /**
   * Divides by `b` elementwise (true division): the chainable form of {@link ops.div}.
   * @param b - the other operand (a tensor, number or nested array), broadcast against this tensor.
   * @returns a new tensor of the broadcast shape, of this tensor's dtype.
   * @example
   * ```ts
   * tensor([3, 8]).div(2); // [1.5, 4]
   * ```
   */
  div(b: TensorLike): Tensor<D> { return ops.div(asTensor(this), b); }

  /**
   * Divides by `b` elementwise, rounding down: the chainable form of {@link ops.floorDiv}.
   * @param b - the other operand (a tensor, number or nested array), broadcast against this tensor.
   * @returns a new tensor of the broadcast shape, of this tensor's dtype.
   * @example
   * ```ts
   * tensor([7, -7]).floorDiv(2); // [3, -4]
   * ```
   */
  floorDiv(b: TensorLike): Tensor<D> { return ops.floorDiv(asTensor(this), b); }

  /**
   * The remainder of dividing by `b` elementwise, with the sign of `b` (floored, like Python): the chainable form
   * of {@link ops.mod}.
   * @param b - the other operand (a tensor, number or nested array), broadcast against this tensor.
   * @returns a new tensor of the broadcast shape, of this tensor's dtype.
   * @example
   * ```ts
   * tensor([7, -7]).mod(3); // [1, 2]
   * ```
   */
  mod(b: TensorLike): Tensor<D> { return ops.mod(asTensor(this), b); }

  /**
   * Raises to the power `b` elementwise: the chainable form of {@link ops.pow}.
   * @param b - the other operand (a tensor, number or nested array), broadcast against this tensor.
   * @returns a new tensor of the broadcast shape, of this tensor's dtype.
   * @example
   * ```ts
   * tensor([2, 3]).pow(2); // [4, 9]
   * ```
   */
  pow(b: TensorLike): Tensor<D> { return ops.pow(asTensor(this), b); }

  /**
   * The larger of this tensor and `b`, elementwise: the chainable form of {@link ops.maximum}.
   * @param b - the other operand (a tensor, number or nested array), broadcast against this tensor.
   * @returns a new tensor of the broadcast shape, of this tensor's dtype.
   * @example
   * ```ts
   * tensor([1, 5]).maximum(3); // [3, 5]
   * ```
   */
  maximum(b: TensorLike): Tensor<D> { return ops.maximum(asTensor(this), b); }

  /**
   * The smaller of this tensor and `b`, elementwise: the chainable form of {@link ops.minimum}.
   * @param b - the other operand (a tensor, number or nested array), broadcast against this tensor.
   * @returns a new tensor of the broadcast shape, of this tensor's dtype.
   * @example
   * ```ts
   * tensor([1, 5]).minimum(3); // [1, 3]
   * ```
   */
  minimum(b: TensorLike): Tensor<D> { return ops.minimum(asTensor(this), b); }

  /**
   * `(this - b)²` elementwise: the chainable form of {@link ops.squaredDifference}.
   * @param b - the other operand (a tensor, number or nested array), broadcast against this tensor.
   * @returns a new tensor of the broadcast shape, of this tensor's dtype.
   * @example
   * ```ts
   * tensor([1, 4]).squaredDifference(2); // [1, 4]
   * ```
   */
  squaredDifference(b: TensorLike): Tensor<D> { return ops.squaredDifference(asTensor(this), b); }

  /**
   * Tests `this == b` elementwise: the chainable form of {@link ops.equal}.
   * @param b - the other operand (a tensor, number or nested array), broadcast against this tensor.
   * @returns a bool tensor of the broadcast shape.
   * @example
   * ```ts
   * tensor([1, 2]).equal(2); // [false, true]
   * ```
   */
  equal(b: TensorLike): Tensor<'bool'> { return ops.equal(asTensor(this), b); }

  /**
   * Tests `this != b` elementwise: the chainable form of {@link ops.notEqual}.
   * @param b - the other operand (a tensor, number or nested array), broadcast against this tensor.
   * @returns a bool tensor of the broadcast shape.
   * @example
   * ```ts
   * tensor([1, 2]).notEqual(2); // [true, false]
   * ```
   */
  notEqual(b: TensorLike): Tensor<'bool'> { return ops.notEqual(asTensor(this), b); }

  /**
   * Tests `this < b` elementwise: the chainable form of {@link ops.less}.
   * @param b - the other operand (a tensor, number or nested array), broadcast against this tensor.
   * @returns a bool tensor of the broadcast shape.
   * @example
   * ```ts
   * tensor([1, 2]).less(2); // [true, false]
   * ```
   */
  less(b: TensorLike): Tensor<'bool'> { return ops.less(asTensor(this), b); }

  /**
   * Tests `this <= b` elementwise: the chainable form of {@link ops.lessEqual}.
   * @param b - the other operand (a tensor, number or nested array), broadcast against this tensor.
   * @returns a bool tensor of the broadcast shape.
   * @example
   * ```ts
   * tensor([1, 3]).lessEqual(2); // [true, false]
   * ```
   */
  lessEqual(b: TensorLike): Tensor<'bool'> { return ops.lessEqual(asTensor(this), b); }

  /**
   * Tests `this > b` elementwise: the chainable form of {@link ops.greater}.
   * @param b - the other operand (a tensor, number or nested array), broadcast against this tensor.
   * @returns a bool tensor of the broadcast shape.
   * @example
   * ```ts
   * tensor([1, 3]).greater(2); // [false, true]
   * ```
   */
  greater(b: TensorLike): Tensor<'bool'> { return ops.greater(asTensor(this), b); }

  /**
   * Tests `this >= b` elementwise: the chainable form of {@link ops.greaterEqual}.
   * @param b - the other operand (a tensor, number or nested array), broadcast against this tensor.
   * @returns a bool tensor of the broadcast shape.
   * @example
   * ```ts
   * tensor([1, 2]).greaterEqual(2); // [false, true]
   * ```
   */
  greaterEqual(b: TensorLike): Tensor<'bool'> { return ops.greaterEqual(asTensor(this), b); }

  /**
   * Logical AND with `b` elementwise: the chainable form of {@link ops.logicalAnd}.
   * @param b - the other operand (a bool tensor, boolean or nested array), broadcast against this tensor.
   * @returns a bool tensor of the broadcast shape.
   * @example
   * ```ts
   * tensor([true, false]).logicalAnd(true); // [true, false]
   * ```
   */
  logicalAnd(b: TensorLike): Tensor<'bool'> { return ops.logicalAnd(asTensor(this), b); }

  /**
   * Logical OR with `b` elementwise: the chainable form of {@link ops.logicalOr}.
   * @param b - the other operand (a bool tensor, boolean or nested array), broadcast against this tensor.
   * @returns a bool tensor of the broadcast shape.
   * @example
   * ```ts
   * tensor([true, false]).logicalOr(false); // [true, false]
   * ```
   */
  logicalOr(b: TensorLike): Tensor<'bool'> { return ops.logicalOr(asTensor(this), b); }

  /**
   * Logical XOR with `b` elementwise: the chainable form of {@link ops.logicalXor}.
   * @param b - the other operand (a bool tensor, boolean or nested array), broadcast against this tensor.
   * @returns a bool tensor of the broadcast shape.
   * @example
   * ```ts
   * tensor([true, false]).logicalXor(true); // [false, true]
   * ```
   */
  logicalXor(b: TensorLike): Tensor<'bool'> { return ops.logicalXor(asTensor(this), b); }

  /**
   * Logical NOT elementwise: the chainable form of {@link ops.logicalNot}.
   * @returns a bool tensor of this tensor's shape.
   * @example
   * ```ts
   * tensor([true, false]).logicalNot(); // [false, true]
   * ```
   */
  logicalNot(): Tensor<'bool'> { return ops.logicalNot(asTensor(this)); }
}
