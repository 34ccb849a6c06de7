/** Tensor's chainable elementwise unary ops and activations (`x.exp()`, `x.relu()`). */
import type { DType } from '../dtype.js';
import type { RealDType } from './types.js';
import * as ops from '../ops/index.js';
import { TensorBinaryMethods } from './binary-methods.js';
import { asTensor } from './tensor-core.js';
import type { Tensor } from './tensor.js';

/**
 * @internal The chainable elementwise unary ops and activations of {@link Tensor}.
 *
 * @typeParam D - the dtype (default: any dtype)
 */
export class TensorUnaryMethods<D extends DType = DType> extends TensorBinaryMethods<D> {
  // The chainable elementwise unary ops and activations.

  /**
   * Negates elementwise: the chainable form of {@link ops.neg}.
   * @returns a new tensor of this tensor's shape and dtype.
   * @example
   * ```ts
   * tensor([1, -2]).neg(); // [-1, 2]
   * ```
   */
  neg(): Tensor<D> { return ops.neg(asTensor(this)); }

  /**
   * The absolute value elementwise (the magnitude for complex64): the chainable form of {@link ops.abs}.
   * @returns a new tensor of this tensor's shape; its dtype, or float32 for a complex64 tensor.
   * @example
   * ```ts
   * tensor([-1, 2]).abs(); // [1, 2]
   * ```
   */
  abs(): Tensor<RealDType<D>> { return ops.abs(asTensor(this)); }

  /**
   * The sign elementwise: -1, 0 or 1: the chainable form of {@link ops.sign}.
   * @returns a new tensor of this tensor's shape and dtype.
   * @example
   * ```ts
   * tensor([-3, 0, 2]).sign(); // [-1, 0, 1]
   * ```
   */
  sign(): Tensor<D> { return ops.sign(asTensor(this)); }

  /**
   * Squares elementwise: the chainable form of {@link ops.square}.
   * @returns a new tensor of this tensor's shape and dtype.
   * @example
   * ```ts
   * tensor([2, -3]).square(); // [4, 9]
   * ```
   */
  square(): Tensor<D> { return ops.square(asTensor(this)); }

  /**
   * The square root elementwise: the chainable form of {@link ops.sqrt}.
   * @returns a new tensor of this tensor's shape and dtype.
   * @example
   * ```ts
   * tensor([4, 9]).sqrt(); // [2, 3]
   * ```
   */
  sqrt(): Tensor<D> { return ops.sqrt(asTensor(this)); }

  /**
   * The reciprocal square root `1 / sqrt(x)` elementwise: the chainable form of {@link ops.rsqrt}.
   * @returns a new tensor of this tensor's shape and dtype.
   * @example
   * ```ts
   * tensor([4, 16]).rsqrt(); // [0.5, 0.25]
   * ```
   */
  rsqrt(): Tensor<D> { return ops.rsqrt(asTensor(this)); }

  /**
   * The reciprocal `1 / x` elementwise: the chainable form of {@link ops.reciprocal}.
   * @returns a new tensor of this tensor's shape and dtype.
   * @example
   * ```ts
   * tensor([2, 4]).reciprocal(); // [0.5, 0.25]
   * ```
   */
  reciprocal(): Tensor<D> { return ops.reciprocal(asTensor(this)); }

  /**
   * `e^x` elementwise: the chainable form of {@link ops.exp}.
   * @returns a new tensor of this tensor's shape and dtype.
   * @example
   * ```ts
   * tensor([0, 1]).exp(); // [1, 2.7182817]
   * ```
   */
  exp(): Tensor<D> { return ops.exp(asTensor(this)); }

  /**
   * `e^x - 1` elementwise, accurate near 0: the chainable form of {@link ops.expm1}.
   * @returns a new tensor of this tensor's shape and dtype.
   * @example
   * ```ts
   * tensor([0, 1]).expm1(); // [0, 1.7182817]
   * ```
   */
  expm1(): Tensor<D> { return ops.expm1(asTensor(this)); }

  /**
   * The natural logarithm elementwise: the chainable form of {@link ops.log}.
   * @returns a new tensor of this tensor's shape and dtype.
   * @example
   * ```ts
   * tensor([1, Math.E]).log(); // [0, 1]
   * ```
   */
  log(): Tensor<D> { return ops.log(asTensor(this)); }

  /**
   * `log(1 + x)` elementwise, accurate near 0: the chainable form of {@link ops.log1p}.
   * @returns a new tensor of this tensor's shape and dtype.
   * @example
   * ```ts
   * tensor([0, Math.E - 1]).log1p(); // [0, 1]
   * ```
   */
  log1p(): Tensor<D> { return ops.log1p(asTensor(this)); }

  /**
   * The sine elementwise (radians): the chainable form of {@link ops.sin}.
   * @returns a new tensor of this tensor's shape and dtype.
   * @example
   * ```ts
   * tensor([0, Math.PI / 2]).sin(); // [0, 1]
   * ```
   */
  sin(): Tensor<D> { return ops.sin(asTensor(this)); }

  /**
   * The cosine elementwise (radians): the chainable form of {@link ops.cos}.
   * @returns a new tensor of this tensor's shape and dtype.
   * @example
   * ```ts
   * tensor([0, Math.PI]).cos(); // [1, -1]
   * ```
   */
  cos(): Tensor<D> { return ops.cos(asTensor(this)); }

  /**
   * The tangent elementwise (radians): the chainable form of {@link ops.tan}.
   * @returns a new tensor of this tensor's shape and dtype.
   * @example
   * ```ts
   * tensor([0, Math.PI / 4]).tan(); // [0, 1]
   * ```
   */
  tan(): Tensor<D> { return ops.tan(asTensor(this)); }

  /**
   * The hyperbolic tangent elementwise: the chainable form of {@link ops.tanh}.
   * @returns a new tensor of this tensor's shape and dtype.
   * @example
   * ```ts
   * tensor([0, 100]).tanh(); // [0, 1]
   * ```
   */
  tanh(): Tensor<D> { return ops.tanh(asTensor(this)); }

  /**
   * The Gauss error function elementwise: the chainable form of {@link ops.erf}.
   * @returns a new tensor of this tensor's shape and dtype.
   * @example
   * ```ts
   * tensor([0, 10]).erf(); // [0, 1]
   * ```
   */
  erf(): Tensor<D> { return ops.erf(asTensor(this)); }

  /**
   * Rounds to the nearest integer elementwise, halves to even: the chainable form of {@link ops.round}.
   * @returns a new tensor of this tensor's shape and dtype.
   * @example
   * ```ts
   * tensor([0.5, 1.5, 2.7]).round(); // [0, 2, 3]
   * ```
   */
  round(): Tensor<D> { return ops.round(asTensor(this)); }

  /**
   * Rounds down elementwise: the chainable form of {@link ops.floor}.
   * @returns a new tensor of this tensor's shape and dtype.
   * @example
   * ```ts
   * tensor([1.7, -1.2]).floor(); // [1, -2]
   * ```
   */
  floor(): Tensor<D> { return ops.floor(asTensor(this)); }

  /**
   * Rounds up elementwise: the chainable form of {@link ops.ceil}.
   * @returns a new tensor of this tensor's shape and dtype.
   * @example
   * ```ts
   * tensor([1.2, -1.7]).ceil(); // [2, -1]
   * ```
   */
  ceil(): Tensor<D> { return ops.ceil(asTensor(this)); }

  /**
   * Clamps every element into `[lo, hi]`: the chainable form of {@link ops.clipByValue}.
   * @param lo - the lower bound.
   * @param hi - the upper bound (at least `lo`).
   * @returns a new tensor of this tensor's shape and dtype.
   * @example
   * ```ts
   * tensor([-2, 0.5, 3]).clipByValue(0, 1); // [0, 0.5, 1]
   * ```
   */
  clipByValue(lo: number, hi: number): Tensor<D> { return ops.clipByValue(asTensor(this), lo, hi); }

  /**
   * The logistic sigmoid `1 / (1 + e^-x)` elementwise: the chainable form of {@link ops.sigmoid}.
   * @returns a new tensor of this tensor's shape and dtype.
   * @example
   * ```ts
   * tensor([0]).sigmoid(); // [0.5]
   * ```
   */
  sigmoid(): Tensor<D> { return ops.sigmoid(asTensor(this)); }

  /**
   * `max(x, 0)` elementwise: the chainable form of {@link ops.relu}.
   * @returns a new tensor of this tensor's shape and dtype.
   * @example
   * ```ts
   * tensor([-1, 2]).relu(); // [0, 2]
   * ```
   */
  relu(): Tensor<D> { return ops.relu(asTensor(this)); }

  /**
   * `min(max(x, 0), 6)` elementwise: the chainable form of {@link ops.relu6}.
   * @returns a new tensor of this tensor's shape and dtype.
   * @example
   * ```ts
   * tensor([-1, 3, 8]).relu6(); // [0, 3, 6]
   * ```
   */
  relu6(): Tensor<D> { return ops.relu6(asTensor(this)); }

  /**
   * `x` where positive, `alpha * x` elsewhere: the chainable form of {@link ops.leakyRelu}.
   * @param alpha - the slope for negative inputs. Default 0.2.
   * @returns a new tensor of this tensor's shape and dtype.
   * @example
   * ```ts
   * tensor([-1, 2]).leakyRelu(0.1); // [-0.1, 2]
   * ```
   */
  leakyRelu(alpha = 0.2): Tensor<D> { return ops.leakyRelu(asTensor(this), alpha); }

  /**
   * The exponential linear unit elementwise: `x` where positive, `e^x - 1` elsewhere: the chainable form of {@link
   * ops.elu}.
   * @returns a new tensor of this tensor's shape and dtype.
   * @example
   * ```ts
   * tensor([0, 2]).elu(); // [0, 2]
   * ```
   */
  elu(): Tensor<D> { return ops.elu(asTensor(this)); }

  /**
   * The scaled exponential linear unit elementwise (the self-normalising constants): the chainable form of {@link
   * ops.selu}.
   * @returns a new tensor of this tensor's shape and dtype.
   * @example
   * ```ts
   * tensor([0, 1]).selu(); // [0, 1.0507]
   * ```
   */
  selu(): Tensor<D> { return ops.selu(asTensor(this)); }

  /**
   * The Gaussian error linear unit `x * Φ(x)` elementwise: the chainable form of {@link ops.gelu}.
   * @returns a new tensor of this tensor's shape and dtype.
   * @example
   * ```ts
   * tensor([0, 10]).gelu(); // [0, 10]
   * ```
   */
  gelu(): Tensor<D> { return ops.gelu(asTensor(this)); }

  /**
   * The sigmoid linear unit (swish) `x * sigmoid(x)` elementwise: the chainable form of {@link ops.silu}.
   * @returns a new tensor of this tensor's shape and dtype.
   * @example
   * ```ts
   * tensor([0, 10]).silu(); // [0, 9.9995]
   * ```
   */
  silu(): Tensor<D> { return ops.silu(asTensor(this)); }

  /**
   * `log(1 + e^x)` elementwise: the chainable form of {@link ops.softplus}.
   * @returns a new tensor of this tensor's shape and dtype.
   * @example
   * ```ts
   * tensor([0]).softplus(); // [0.6931472]
   * ```
   */
  softplus(): Tensor<D> { return ops.softplus(asTensor(this)); }

  /**
   * `x / (1 + |x|)` elementwise: the chainable form of {@link ops.softsign}.
   * @returns a new tensor of this tensor's shape and dtype.
   * @example
   * ```ts
   * tensor([1, -3]).softsign(); // [0.5, -0.75]
   * ```
   */
  softsign(): Tensor<D> { return ops.softsign(asTensor(this)); }

  /**
   * Tests for NaN elementwise: the chainable form of {@link ops.isNaN}.
   * @returns a bool tensor of this tensor's shape.
   * @example
   * ```ts
   * tensor([1, NaN]).isNaN(); // [false, true]
   * ```
   */
  isNaN(): Tensor<'bool'> { return ops.isNaN(asTensor(this)); }

  /**
   * Tests for finite values (neither NaN nor ±Infinity) elementwise: the chainable form of {@link ops.isFinite}.
   * @returns a bool tensor of this tensor's shape.
   * @example
   * ```ts
   * tensor([1, Infinity, NaN]).isFinite(); // [true, false, false]
   * ```
   */
  isFinite(): Tensor<'bool'> { return ops.isFinite(asTensor(this)); }

  /**
   * Tests for ±Infinity elementwise: the chainable form of {@link ops.isInf}.
   * @returns a bool tensor of this tensor's shape.
   * @example
   * ```ts
   * tensor([1, -Infinity]).isInf(); // [false, true]
   * ```
   */
  isInf(): Tensor<'bool'> { return ops.isInf(asTensor(this)); }
}
