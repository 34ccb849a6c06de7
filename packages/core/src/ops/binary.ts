/** Elementwise binary arithmetic and logic, with numpy broadcasting and TensorFlow's no-promotion rule. */
import type { BinaryOp } from '../backend/contract.js';
import type { DType } from '../dtype.js';
import type { Tensor } from '../tensor/tensor.js';
import type { BinaryDType, TensorLike } from '../tensor/types.js';
import { binaryKernel, checkDType, checkSameDType, composite, noAttrs, record, toPair, argScope } from './dispatch.js';
import * as o from './primitives.js';
import { complexBinary } from './complex.js';

const NUMERIC: readonly DType[] = ['float32', 'float64', 'float16', 'int32'];
const FLOATS: readonly DType[] = ['float32', 'float64', 'float16'];

function binaryOp(op: BinaryOp, a: TensorLike, b: TensorLike, allowed: readonly DType[]): Tensor {
  const [ta, tb] = toPair(a, b, op);
  checkSameDType(op, ta, tb);
  if (ta.dtype === 'complex64' && (op === 'add' || op === 'sub' || op === 'mul' || op === 'div')) {
    return complexBinary(op, ta, tb);
  }
  checkDType(op, ta, allowed);
  const out = binaryKernel(op, ta, tb);
  record(op, [ta, tb], noAttrs(), out);
  return out;
}

/**
 * Runs a binary op whose output has the operands' dtype, typed as the public functions declare it (the dtype
 * `BinaryDType` works out from the arguments).
 */
function typed<A extends TensorLike, B extends TensorLike>(op: BinaryOp, a: A, b: B, allowed: readonly DType[]): Tensor<BinaryDType<A, B>> {
  return argScope(() => binaryOp(op, a, b, allowed)) as Tensor<BinaryDType<A, B>>;
}

/** Runs a logical op (bool operands, bool output) typed as the public functions declare it. */
function logical(op: BinaryOp, a: TensorLike, b: TensorLike): Tensor<'bool'> {
  return argScope(() => binaryOp(op, a, b, ['bool'])) as Tensor<'bool'>;
}

/**
 * `a + b`.
 * @param a - a numeric tensor (float32, float64, float16 or int32) or JS values.
 * @param b - a tensor of `a`'s dtype, or JS values (which take the other operand's dtype); the shapes broadcast (numpy rules).
 * @returns `a + b`, a tensor of the broadcast shape and the operands' dtype.
 * @example
 * ```ts
 * const y = add(tensor([1, 2]), tensor([10, 20])); // [11, 22]
 * const z = add(tensor([[1], [2]]), 1); // [[2], [3]]
 * ```
 */
export function add<A extends TensorLike, B extends TensorLike>(a: A, b: B): Tensor<BinaryDType<A, B>> { return typed('add', a, b, NUMERIC); }
/**
 * `a - b`.
 * @param a - a numeric tensor (float32, float64, float16 or int32) or JS values.
 * @param b - a tensor of `a`'s dtype, or JS values (which take the other operand's dtype); the shapes broadcast (numpy rules).
 * @returns `a - b`, a tensor of the broadcast shape and the operands' dtype.
 * @example
 * ```ts
 * const y = sub(tensor([5, 7]), 2); // [3, 5]
 * ```
 */
export function sub<A extends TensorLike, B extends TensorLike>(a: A, b: B): Tensor<BinaryDType<A, B>> { return typed('sub', a, b, NUMERIC); }
/**
 * `a * b`.
 * @param a - a numeric tensor (float32, float64, float16 or int32) or JS values.
 * @param b - a tensor of `a`'s dtype, or JS values (which take the other operand's dtype); the shapes broadcast (numpy rules).
 * @returns `a * b`, a tensor of the broadcast shape and the operands' dtype.
 * @example
 * ```ts
 * const y = mul(tensor([1, 2, 3]), tensor([2, 2, 2])); // [2, 4, 6]
 * ```
 */
export function mul<A extends TensorLike, B extends TensorLike>(a: A, b: B): Tensor<BinaryDType<A, B>> { return typed('mul', a, b, NUMERIC); }
/**
 * `a / b`; on int32 it truncates toward zero, and division by zero gives 0.
 * @param a - a numeric tensor (float32, float64, float16 or int32) or JS values.
 * @param b - a tensor of `a`'s dtype, or JS values (which take the other operand's dtype); the shapes broadcast (numpy rules).
 * @returns `a / b`, a tensor of the broadcast shape and the operands' dtype (int32: truncated toward zero, 0 where b is 0).
 * @example
 * ```ts
 * const y = div(tensor([1, 3]), 2); // [0.5, 1.5]
 * const q = div(tensor([7, -7], 'int32'), 2); // [3, -3]
 * ```
 */
export function div<A extends TensorLike, B extends TensorLike>(a: A, b: B): Tensor<BinaryDType<A, B>> { return typed('div', a, b, NUMERIC); }
/**
 * `floor(a / b)`.
 * @param a - a numeric tensor (float32, float64, float16 or int32) or JS values.
 * @param b - a tensor of `a`'s dtype, or JS values (which take the other operand's dtype); the shapes broadcast (numpy rules).
 * @returns `floor(a / b)`, a tensor of the broadcast shape and the operands' dtype.
 * @example
 * ```ts
 * const y = floorDiv(tensor([7, -7]), 2); // [3, -4]
 * ```
 */
export function floorDiv<A extends TensorLike, B extends TensorLike>(a: A, b: B): Tensor<BinaryDType<A, B>> { return typed('floorDiv', a, b, NUMERIC); }
/**
 * Remainder with the sign of the divisor (Python's and TensorFlow's floormod).
 * @param a - a numeric tensor (float32, float64, float16 or int32) or JS values.
 * @param b - a tensor of `a`'s dtype, or JS values (which take the other operand's dtype); the shapes broadcast (numpy rules).
 * @returns the remainder of `a / b` with the sign of `b`, a tensor of the broadcast shape and the operands' dtype.
 * @example
 * ```ts
 * const y = mod(tensor([7, -7]), 3); // [1, 2]
 * ```
 */
export function mod<A extends TensorLike, B extends TensorLike>(a: A, b: B): Tensor<BinaryDType<A, B>> { return typed('mod', a, b, NUMERIC); }
/**
 * `a ** b`.
 * @param a - a numeric tensor (float32, float64, float16 or int32) or JS values.
 * @param b - a tensor of `a`'s dtype, or JS values (which take the other operand's dtype); the shapes broadcast (numpy rules).
 * @returns `a ** b`, a tensor of the broadcast shape and the operands' dtype.
 * @example
 * ```ts
 * const y = pow(tensor([2, 3]), 2); // [4, 9]
 * ```
 */
export function pow<A extends TensorLike, B extends TensorLike>(a: A, b: B): Tensor<BinaryDType<A, B>> { return typed('pow', a, b, NUMERIC); }
/**
 * Elementwise maximum (NaN wins).
 * @param a - a numeric tensor (float32, float64, float16 or int32) or JS values.
 * @param b - a tensor of `a`'s dtype, or JS values (which take the other operand's dtype); the shapes broadcast (numpy rules).
 * @returns the larger of each pair (NaN if either is NaN), a tensor of the broadcast shape and the operands' dtype.
 * @example
 * ```ts
 * const y = maximum(tensor([1, 5]), tensor([3, 2])); // [3, 5]
 * ```
 */
export function maximum<A extends TensorLike, B extends TensorLike>(a: A, b: B): Tensor<BinaryDType<A, B>> { return typed('maximum', a, b, NUMERIC); }
/**
 * Elementwise minimum (NaN wins).
 * @param a - a numeric tensor (float32, float64, float16 or int32) or JS values.
 * @param b - a tensor of `a`'s dtype, or JS values (which take the other operand's dtype); the shapes broadcast (numpy rules).
 * @returns the smaller of each pair (NaN if either is NaN), a tensor of the broadcast shape and the operands' dtype.
 * @example
 * ```ts
 * const y = minimum(tensor([1, 5]), tensor([3, 2])); // [1, 2]
 * ```
 */
export function minimum<A extends TensorLike, B extends TensorLike>(a: A, b: B): Tensor<BinaryDType<A, B>> { return typed('minimum', a, b, NUMERIC); }
/**
 * `atan2(a, b)`: the angle of the point (b, a).
 * @param a - a float tensor (float32, float64 or float16) or JS values (the y coordinates).
 * @param b - the x coordinates: a tensor of `a`'s dtype, or JS values; the shapes broadcast (numpy rules).
 * @returns the angles in radians, in [-pi, pi], a tensor of the broadcast shape and the operands' dtype.
 * @example
 * ```ts
 * const y = atan2(tensor([1, 0]), tensor([0, -1])); // [1.5707964, 3.1415927]
 * ```
 */
export function atan2<A extends TensorLike, B extends TensorLike>(a: A, b: B): Tensor<BinaryDType<A, B>> { return typed('atan2', a, b, FLOATS); }
/**
 * Logical and of bool tensors.
 * @param a - a bool tensor or JS booleans.
 * @param b - a bool tensor or JS booleans; the shapes broadcast (numpy rules).
 * @returns a bool tensor of the broadcast shape, true where both are true.
 * @example
 * ```ts
 * const y = logicalAnd(tensor([true, true]), tensor([true, false])); // [true, false]
 * ```
 */
export function logicalAnd(a: TensorLike, b: TensorLike): Tensor<'bool'> { return logical('logicalAnd', a, b); }
/**
 * Logical or of bool tensors.
 * @param a - a bool tensor or JS booleans.
 * @param b - a bool tensor or JS booleans; the shapes broadcast (numpy rules).
 * @returns a bool tensor of the broadcast shape, true where either is true.
 * @example
 * ```ts
 * const y = logicalOr(tensor([false, true]), tensor([false, false])); // [false, true]
 * ```
 */
export function logicalOr(a: TensorLike, b: TensorLike): Tensor<'bool'> { return logical('logicalOr', a, b); }
/**
 * Logical exclusive or of bool tensors.
 * @param a - a bool tensor or JS booleans.
 * @param b - a bool tensor or JS booleans; the shapes broadcast (numpy rules).
 * @returns a bool tensor of the broadcast shape, true where exactly one is true.
 * @example
 * ```ts
 * const y = logicalXor(tensor([true, true]), tensor([true, false])); // [false, true]
 * ```
 */
export function logicalXor(a: TensorLike, b: TensorLike): Tensor<'bool'> { return logical('logicalXor', a, b); }

/**
 * `(a - b)^2`.
 * @param a - a numeric tensor (float32, float64, float16 or int32) or JS values.
 * @param b - a tensor of `a`'s dtype, or JS values (which take the other operand's dtype); the shapes broadcast (numpy rules).
 * @returns `(a - b)^2`, a tensor of the broadcast shape and the operands' dtype.
 * @example
 * ```ts
 * const y = squaredDifference(tensor([1, 4]), tensor([3, 1])); // [4, 9]
 * ```
 */
export function squaredDifference<A extends TensorLike, B extends TensorLike>(a: A, b: B): Tensor<BinaryDType<A, B>>;
export function squaredDifference(a: TensorLike, b: TensorLike): Tensor {
  return argScope(() => {
    const [ta, tb] = toPair(a, b, 'squaredDifference');
    checkSameDType('squaredDifference', ta, tb);
    checkDType('squaredDifference', ta, NUMERIC);
    return composite('squaredDifference', [ta, tb], noAttrs(), () => {
      const d = o.bin('sub', ta, tb);
      return o.bin('mul', d, d);
    });

  });
}
