/** Elementwise binary arithmetic and logic, with numpy broadcasting and TensorFlow's no-promotion rule. */
import type { BinaryOp } from '../backend/contract.js';
import type { DType } from '../dtype.js';
import type { Tensor } from '../tensor/tensor.js';
import type { TensorLike } from '../tensor/types.js';
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

/** `a + b`. */
export function add(a: TensorLike, b: TensorLike): Tensor { return argScope(() => binaryOp('add', a, b, NUMERIC)); }
/** `a - b`. */
export function sub(a: TensorLike, b: TensorLike): Tensor { return argScope(() => binaryOp('sub', a, b, NUMERIC)); }
/** `a * b`. */
export function mul(a: TensorLike, b: TensorLike): Tensor { return argScope(() => binaryOp('mul', a, b, NUMERIC)); }
/** `a / b`; on int32 it truncates toward zero, and division by zero gives 0. */
export function div(a: TensorLike, b: TensorLike): Tensor { return argScope(() => binaryOp('div', a, b, NUMERIC)); }
/** `floor(a / b)`. */
export function floorDiv(a: TensorLike, b: TensorLike): Tensor { return argScope(() => binaryOp('floorDiv', a, b, NUMERIC)); }
/** Remainder with the sign of the divisor (Python's and TensorFlow's floormod). */
export function mod(a: TensorLike, b: TensorLike): Tensor { return argScope(() => binaryOp('mod', a, b, NUMERIC)); }
/** `a ** b`. */
export function pow(a: TensorLike, b: TensorLike): Tensor { return argScope(() => binaryOp('pow', a, b, NUMERIC)); }
/** Elementwise maximum (NaN wins). */
export function maximum(a: TensorLike, b: TensorLike): Tensor { return argScope(() => binaryOp('maximum', a, b, NUMERIC)); }
/** Elementwise minimum (NaN wins). */
export function minimum(a: TensorLike, b: TensorLike): Tensor { return argScope(() => binaryOp('minimum', a, b, NUMERIC)); }
/** `atan2(a, b)`: the angle of the point (b, a). */
export function atan2(a: TensorLike, b: TensorLike): Tensor { return argScope(() => binaryOp('atan2', a, b, FLOATS)); }
/** Logical and of bool tensors. */
export function logicalAnd(a: TensorLike, b: TensorLike): Tensor { return argScope(() => binaryOp('logicalAnd', a, b, ['bool'])); }
/** Logical or of bool tensors. */
export function logicalOr(a: TensorLike, b: TensorLike): Tensor { return argScope(() => binaryOp('logicalOr', a, b, ['bool'])); }
/** Logical exclusive or of bool tensors. */
export function logicalXor(a: TensorLike, b: TensorLike): Tensor { return argScope(() => binaryOp('logicalXor', a, b, ['bool'])); }

/** `(a - b)^2`. */
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
