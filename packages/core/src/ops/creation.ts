/** Creating tensors: from values, and the usual constant and sequence constructors. */
import type { BackendDType, DType } from '../dtype.js';
import { isDType } from '../dtype.js';
import { ENGINE } from '../engine/engine.js';
import { fmtShape, sizeOf } from '../util/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import type { TensorLike, TensorOptions } from '../tensor/types.js';
import { complexFromParts, convertToTensor, fromValues } from './convert.js';
import { newOutput } from './dispatch.js';

function checkShape(op: string, shape: readonly number[]): void {
  if (!Array.isArray(shape) || shape.some((s) => !Number.isInteger(s) || s < 0)) {
    throw new Error(`${op}: invalid shape ${Array.isArray(shape) ? fmtShape(shape) : String(shape)}: sizes must be non-negative integers`);
  }
}

function checkDTypeName(op: string, dtype: DType): void {
  if (!isDType(dtype)) throw new Error(`${op}: unknown dtype '${String(dtype)}'`);
}

/**
 * Makes a tensor from JS values: a scalar, a nested array, a typed array or strings. The dtype is inferred
 * (numbers become float32) unless given; a flat list is reshaped to `shape`, a scalar fills it.
 *
 * @example tensor([[1, 2], [3, 4]], 'int32'); tensor([1, 2, 3, 4, 5, 6], { shape: [2, 3] })
 */
export function tensor(values: TensorLike, options?: DType | TensorOptions): Tensor {
  const o: TensorOptions = typeof options === 'string' ? { dtype: options } : (options ?? {});
  return convertToTensor(values, 'tensor', 'values', o.dtype, o.shape);
}

/** TensorFlow's name for {@link tensor}. */
export const constant = tensor;

/** A rank-0 tensor. */
export function scalar(value: number | boolean | string, dtype?: DType): Tensor {
  return convertToTensor(value, 'scalar', 'value', dtype);
}

/** A tensor of zeros. */
export function zeros(shape: readonly number[], dtype: DType = 'float32'): Tensor {
  checkShape('zeros', shape);
  checkDTypeName('zeros', dtype);
  if (dtype === 'complex64') return complexFromParts(zeros(shape), zeros(shape));
  return newOutput(ENGINE.backendFor('zeros', dtype), dtype, shape);
}

/** A tensor filled with one value. */
export function fill(shape: readonly number[], value: number | string | boolean, dtype?: DType): Tensor {
  checkShape('fill', shape);
  const d: DType = dtype ?? (typeof value === 'string' ? 'string' : typeof value === 'boolean' ? 'bool' : 'float32');
  checkDTypeName('fill', d);
  if (d === 'complex64') return complexFromParts(fill(shape, value as number), zeros(shape));
  if (d === 'int32' && !Number.isInteger(value)) throw new Error(`fill: ${String(value)} is not an int32 value`);
  const b = ENGINE.backendFor('fill', d as BackendDType);
  const out = newOutput(b, d, shape);
  const v = typeof value === 'boolean' ? (value ? 1 : 0) : value;
  if (sizeOf(shape) > 0 && v !== 0 && v !== '') b.fill(out.view(), v);
  return out;
}

/** A tensor of ones. */
export function ones(shape: readonly number[], dtype: DType = 'float32'): Tensor {
  return fill(shape, dtype === 'bool' ? true : 1, dtype);
}

/** Zeros with the shape and dtype of `x`. */
export function zerosLike(x: Tensor): Tensor {
  return zeros(x.shape, x.dtype);
}

/** Ones with the shape and dtype of `x`. */
export function onesLike(x: Tensor): Tensor {
  return ones(x.shape, x.dtype);
}

/** An identity matrix `[n, m]` (m defaults to n). */
export function eye(n: number, m: number = n, dtype: DType = 'float32'): Tensor {
  checkShape('eye', [n, m]);
  const v = new Float64Array(n * m);
  for (let i = 0; i < Math.min(n, m); i++) v[i * m + i] = 1;
  return convertToTensor(v, 'eye', 'n', dtype, [n, m]);
}

/**
 * Numbers from `start` up to (not including) `stop` by `step`; `range(5)` is 0..4. int32 when every argument
 * is an integer and no dtype is given? No: float32 by default, as TensorFlow.js; pass 'int32' for indices.
 */
export function range(start: number, stop?: number, step = 1, dtype: DType = 'float32'): Tensor {
  if (stop === undefined) {
    stop = start;
    start = 0;
  }
  if (step === 0) throw new Error('range: step must not be 0');
  const n = Math.max(0, Math.ceil((stop - start) / step));
  const v = new Float64Array(n);
  for (let i = 0; i < n; i++) v[i] = start + i * step;
  return convertToTensor(v, 'range', 'start', dtype, [n]);
}

/** `num` evenly spaced numbers from `start` to `stop`, both included. */
export function linspace(start: number, stop: number, num: number, dtype: DType = 'float32'): Tensor {
  if (!Number.isInteger(num) || num < 0) throw new Error(`linspace: num must be a non-negative integer, got ${num}`);
  const v = new Float64Array(num);
  const step = num > 1 ? (stop - start) / (num - 1) : 0;
  for (let i = 0; i < num; i++) v[i] = start + i * step;
  if (num > 1) v[num - 1] = stop;
  return convertToTensor(v, 'linspace', 'start', dtype, [num]);
}

/** Re-exported for ops that build tensors from host arrays. */
export { fromValues };
