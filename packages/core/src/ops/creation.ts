/** Creating tensors: from values, and the usual constant and sequence constructors. */
import type { DType } from '../dtype.js';
import { isDType } from '../dtype.js';
import { ENGINE } from '../engine/engine.js';
import { fmtShape, sizeOf } from '../util/shape.js';
import { checkOptions } from '../util/options.js';
import type { Tensor } from '../tensor/tensor.js';
import type { DTypeOf, TensorLike, TensorOptions } from '../tensor/types.js';
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
 * The result's type carries the dtype: `tensor([1, 2])` is a `Tensor<'float32'>`, `tensor([1, 2], 'int32')` a
 * `Tensor<'int32'>`, `tensor('a')` a `Tensor<'string'>`.
 *
 * @param values - a number, boolean or string, a nested array of them (rectangular), or a typed array.
 * @param dtype - the dtype (default: inferred; numbers become float32).
 * @returns a new tensor of the values' shape holding `values` converted to the dtype.
 * @example
 * ```ts
 * const a = tensor([[1, 2], [3, 4]]); // float32, shape [2, 2]
 * const b = tensor([1, 2], 'int32'); // Tensor<'int32'>
 * const s = tensor(['a', 'b']); // Tensor<'string'>
 * ```
 */
export function tensor<V extends TensorLike, D extends DType = DTypeOf<V>>(values: V, dtype?: D): Tensor<D>;
/**
 * Makes a tensor from JS values with options: `tensor(values, { shape, dtype })`.
 * @param values - a scalar, a nested array, a typed array or strings; a flat list or a scalar with `shape`.
 * @param options - `shape` (a flat list is reshaped to it, a scalar fills it) and `dtype` (default: inferred).
 * @returns a new tensor of `options.shape` (default: the values' shape) and the dtype.
 * @example
 * ```ts
 * const m = tensor([1, 2, 3, 4, 5, 6], { shape: [2, 3] }); // [[1, 2, 3], [4, 5, 6]]
 * const z = tensor(0, { shape: [2], dtype: 'int32' }); // [0, 0]
 * ```
 */
export function tensor<V extends TensorLike, D extends DType = DTypeOf<V>>(values: V, options: TensorOptions & { dtype?: D }): Tensor<D>;
/**
 * TensorFlow.js's call shape, `tensor(values, shape, dtype?)`: the same as `{ shape, dtype }`.
 * @param values - a scalar, a nested array, a typed array or strings; a flat list is reshaped to `shape`.
 * @param shape - the shape of the result.
 * @param dtype - the dtype (default: inferred; numbers become float32).
 * @returns a new tensor of `shape` and the dtype.
 * @example
 * ```ts
 * const m = tensor([1, 2, 3, 4], [2, 2], 'int32'); // [[1, 2], [3, 4]]
 * ```
 */
export function tensor<V extends TensorLike, D extends DType = DTypeOf<V>>(values: V, shape: readonly number[], dtype?: D): Tensor<D>;
/**
 * Makes a tensor from JS values, with the second argument of any of the forms above (a dtype, options or a
 * shape), for code that forwards its own arguments.
 * @param values - a scalar, a nested array, a typed array or strings.
 * @param options - a dtype, `{ shape, dtype }`, or a shape.
 * @param dtype - the dtype when `options` is a shape.
 * @returns a new tensor.
 * @example
 * ```ts
 * const opts: DType | readonly number[] = [2];
 * const t = tensor([1, 2], opts); // [1, 2]
 * ```
 */
export function tensor(values: TensorLike, options?: DType | TensorOptions | readonly number[], dtype?: DType): Tensor;
export function tensor(values: TensorLike, options?: DType | TensorOptions | readonly number[], dtype?: DType): Tensor {
  let o: TensorOptions;
  if (typeof options === 'string') o = { dtype: options };
  else if (Array.isArray(options)) o = { shape: options as readonly number[], dtype };
  else {
    checkOptions('tensor', options, TENSOR_OPTION_KEYS);
    o = (options as TensorOptions | undefined) ?? {};
  }
  return convertToTensor(values, 'tensor', 'values', o.dtype, o.shape);
}

const TENSOR_OPTION_KEYS: readonly string[] = ['dtype', 'shape'];

/** TensorFlow's name for {@link tensor}. */
export const constant = tensor;

/**
 * A rank-0 tensor.
 * @param value - a number, boolean or string.
 * @param dtype - the dtype (default: float32 for numbers, bool for booleans, string for strings).
 * @returns a rank-0 tensor holding `value`.
 * @example
 * ```ts
 * const s = scalar(3); // float32 3, shape []
 * const i = scalar(3, 'int32');
 * ```
 */
export function scalar<V extends number | boolean | string, D extends DType = DTypeOf<V>>(value: V, dtype?: D): Tensor<D>;
export function scalar(value: number | boolean | string, dtype?: DType): Tensor {
  return convertToTensor(value, 'scalar', 'value', dtype);
}

/**
 * A tensor of zeros.
 * @param shape - the shape (non-negative integers; `[]` for a scalar).
 * @param dtype - the dtype (default float32).
 * @returns a tensor of `shape` and `dtype` filled with 0 (false, or '' for strings).
 * @example
 * ```ts
 * const z = zeros([2, 3]); // float32 [[0, 0, 0], [0, 0, 0]]
 * ```
 */
export function zeros<D extends DType = 'float32'>(shape: readonly number[], dtype?: D): Tensor<D>;
export function zeros(shape: readonly number[], dtype: DType = 'float32'): Tensor {
  checkShape('zeros', shape);
  checkDTypeName('zeros', dtype);
  if (dtype === 'complex64') return complexFromParts(zeros(shape), zeros(shape));
  return newOutput(ENGINE.backendFor('zeros', dtype), dtype, shape);
}

/**
 * A tensor filled with one value.
 * @param shape - the shape (non-negative integers; `[]` for a scalar).
 * @param value - the value of every element.
 * @param dtype - the dtype (default: inferred from `value`, float32 for numbers).
 * @returns a tensor of `shape` filled with `value`.
 * @example
 * ```ts
 * const t = fill([2, 2], 7); // [[7, 7], [7, 7]]
 * const s = fill([3], 'a'); // ['a', 'a', 'a']
 * ```
 */
export function fill<V extends number | string | boolean, D extends DType = DTypeOf<V>>(shape: readonly number[], value: V, dtype?: D): Tensor<D>;
export function fill(shape: readonly number[], value: number | string | boolean, dtype?: DType): Tensor {
  checkShape('fill', shape);
  const d: DType = dtype ?? (typeof value === 'string' ? 'string' : typeof value === 'boolean' ? 'bool' : 'float32');
  checkDTypeName('fill', d);
  if (d === 'complex64') return complexFromParts(fill(shape, value as number), zeros(shape));
  if (d === 'int32' && !Number.isInteger(value)) throw new Error(`fill: ${String(value)} is not an int32 value`);
  const b = ENGINE.backendFor('fill', d);
  const out = newOutput(b, d, shape);
  const v = typeof value === 'boolean' ? (value ? 1 : 0) : value;
  if (sizeOf(shape) > 0 && v !== 0 && v !== '') b.fill(out.view(), v);
  return out;
}

/**
 * A tensor of ones.
 * @param shape - the shape (non-negative integers; `[]` for a scalar).
 * @param dtype - the dtype (default float32).
 * @returns a tensor of `shape` and `dtype` filled with 1.
 * @example
 * ```ts
 * const o = ones([2], 'int32'); // [1, 1]
 * ```
 */
export function ones<D extends DType = 'float32'>(shape: readonly number[], dtype?: D): Tensor<D>;
export function ones(shape: readonly number[], dtype: DType = 'float32'): Tensor {
  checkShape('ones', shape);
  checkDTypeName('ones', dtype);
  return fill(shape, dtype === 'bool' ? true : 1, dtype);
}

/**
 * Zeros with the shape and dtype of `x`.
 * @param x - the tensor whose shape and dtype to copy.
 * @returns a new tensor of `x`'s shape and dtype filled with 0.
 * @example
 * ```ts
 * const z = zerosLike(tensor([[1, 2]])); // [[0, 0]]
 * ```
 */
export function zerosLike<D extends DType>(x: Tensor<D>): Tensor<D>;
export function zerosLike(x: Tensor): Tensor {
  return zeros(x.shape, x.dtype);
}

/**
 * Ones with the shape and dtype of `x`.
 * @param x - the tensor whose shape and dtype to copy.
 * @returns a new tensor of `x`'s shape and dtype filled with 1.
 * @example
 * ```ts
 * const o = onesLike(tensor([[5, 6]])); // [[1, 1]]
 * ```
 */
export function onesLike<D extends DType>(x: Tensor<D>): Tensor<D>;
export function onesLike(x: Tensor): Tensor {
  return ones(x.shape, x.dtype);
}

/**
 * An identity matrix `[n, m]` (m defaults to n).
 * @param n - the number of rows.
 * @param m - the number of columns (default `n`).
 * @param dtype - the dtype (default float32).
 * @returns an `[n, m]` tensor with 1 on the main diagonal and 0 elsewhere.
 * @example
 * ```ts
 * const i = eye(2); // [[1, 0], [0, 1]]
 * ```
 */
export function eye<D extends DType = 'float32'>(n: number, m?: number, dtype?: D): Tensor<D>;
export function eye(n: number, m: number = n, dtype: DType = 'float32'): Tensor {
  checkShape('eye', [n, m]);
  ENGINE.checkAllocation('eye', [n, m], dtype === 'complex64' ? 'float32' : dtype);
  const v = new Float64Array(n * m);
  for (let i = 0; i < Math.min(n, m); i++) v[i * m + i] = 1;
  return convertToTensor(v, 'eye', 'n', dtype, [n, m]);
}

/**
 * Numbers from `start` up to (not including) `stop` by `step`; `range(5)` is 0..4. int32 when every argument
 * is an integer and no dtype is given? No: float32 by default, as TensorFlow.js; pass 'int32' for indices.
 * @param start - the first value; with `stop` omitted, the end (and 0 the start).
 * @param stop - the end, not included.
 * @param step - the increment (default 1; may be negative, not 0).
 * @param dtype - the dtype (default float32; 'int32' for indices).
 * @returns a rank-1 tensor of `start, start + step, ...` up to but not including `stop`.
 * @example
 * ```ts
 * const a = range(5); // [0, 1, 2, 3, 4]
 * const b = range(1, 10, 3, 'int32'); // [1, 4, 7]
 * ```
 */
export function range<D extends DType = 'float32'>(start: number, stop?: number, step?: number, dtype?: D): Tensor<D>;
export function range(start: number, stop?: number, step = 1, dtype: DType = 'float32'): Tensor {
  if (stop === undefined) {
    stop = start;
    start = 0;
  }
  if (step === 0) throw new Error('range: step must not be 0');
  if (![start, stop, step].every(Number.isFinite)) {
    throw new Error(`range: start, stop and step must be finite numbers, got range(${start}, ${stop}, ${step})`);
  }
  const n = Math.max(0, Math.ceil((stop - start) / step));
  ENGINE.checkAllocation('range', [n], dtype === 'complex64' ? 'float32' : dtype);
  const v = new Float64Array(n);
  for (let i = 0; i < n; i++) v[i] = start + i * step;
  return convertToTensor(v, 'range', 'start', dtype, [n]);
}

/**
 * `num` evenly spaced numbers from `start` to `stop`, both included.
 * @param start - the first value.
 * @param stop - the last value (included).
 * @param num - how many values (a positive integer).
 * @param dtype - the dtype (default float32).
 * @returns a rank-1 tensor of `num` evenly spaced values from `start` to `stop`.
 * @example
 * ```ts
 * const x = linspace(0, 1, 5); // [0, 0.25, 0.5, 0.75, 1]
 * ```
 */
export function linspace<D extends DType = 'float32'>(start: number, stop: number, num: number, dtype?: D): Tensor<D>;
export function linspace(start: number, stop: number, num: number, dtype: DType = 'float32'): Tensor {
  if (!Number.isInteger(num) || num < 0) throw new Error(`linspace: num must be a non-negative integer, got ${num}`);
  if (!Number.isFinite(start) || !Number.isFinite(stop)) throw new Error(`linspace: start and stop must be finite numbers, got linspace(${start}, ${stop}, ${num})`);
  ENGINE.checkAllocation('linspace', [num], dtype === 'complex64' ? 'float32' : dtype);
  const v = new Float64Array(num);
  const step = num > 1 ? (stop - start) / (num - 1) : 0;
  for (let i = 0; i < num; i++) v[i] = start + i * step;
  if (num > 1) v[num - 1] = stop;
  return convertToTensor(v, 'linspace', 'start', dtype, [num]);
}

/** Re-exported for ops that build tensors from host arrays. */
export { fromValues };
