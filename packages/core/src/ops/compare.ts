/** Comparisons (bool results) and `where`. */
import type { CompareOp } from '../backend/contract.js';
import type { DType } from '../dtype.js';
import type { Tensor } from '../tensor/tensor.js';
import type { TensorLike } from '../tensor/types.js';
import { checkDType, checkSameDType, compareKernel, noAttrs, record, selectKernel, toPair, toT, argScope } from './dispatch.js';
import { fromValues } from './convert.js';
import { peekDataSync } from '../tensor/read.js';
import { requireSyncRead } from './indexing-kernels.js';

const ORDERED: readonly DType[] = ['float32', 'float64', 'float16', 'int32'];
const ANY: readonly DType[] = ['float32', 'float64', 'float16', 'int32', 'bool', 'string'];

function compareOp(op: CompareOp, a: TensorLike, b: TensorLike, allowed: readonly DType[]): Tensor {
  const [ta, tb] = toPair(a, b, op);
  checkSameDType(op, ta, tb);
  checkDType(op, ta, allowed);
  const out = compareKernel(op, ta, tb);
  record(op, [ta, tb], noAttrs(), out);
  return out;
}

/** Runs a comparison typed as the public functions declare it (every comparison writes bool). */
function boolOf(op: CompareOp, a: TensorLike, b: TensorLike, allowed: readonly DType[]): Tensor<'bool'> {
  return argScope(() => compareOp(op, a, b, allowed)) as Tensor<'bool'>;
}

/**
 * `a == b` elementwise.
 * @param a - a tensor of any dtype, or JS values.
 * @param b - a tensor of `a`'s dtype, or JS values (which take the other operand's dtype); the shapes broadcast (numpy rules).
 * @returns a bool tensor of the broadcast shape, true where `a == b`.
 * @example
 * ```ts
 * const y = equal(tensor([1, 2]), tensor([1, 3])); // [true, false]
 * ```
 */
export function equal(a: TensorLike, b: TensorLike): Tensor<'bool'> { return boolOf('equal', a, b, ANY); }
/**
 * `a != b` elementwise.
 * @param a - a tensor of any dtype, or JS values.
 * @param b - a tensor of `a`'s dtype, or JS values (which take the other operand's dtype); the shapes broadcast (numpy rules).
 * @returns a bool tensor of the broadcast shape, true where `a != b`.
 * @example
 * ```ts
 * const y = notEqual(tensor(['a', 'b']), 'a'); // [false, true]
 * ```
 */
export function notEqual(a: TensorLike, b: TensorLike): Tensor<'bool'> { return boolOf('notEqual', a, b, ANY); }
/**
 * `a < b` elementwise.
 * @param a - a numeric tensor (float32, float64, float16 or int32) or JS values.
 * @param b - a tensor of `a`'s dtype, or JS values (which take the other operand's dtype); the shapes broadcast (numpy rules).
 * @returns a bool tensor of the broadcast shape, true where `a < b`.
 * @example
 * ```ts
 * const y = less(tensor([1, 2, 3]), 2); // [true, false, false]
 * ```
 */
export function less(a: TensorLike, b: TensorLike): Tensor<'bool'> { return boolOf('less', a, b, ORDERED); }
/**
 * `a <= b` elementwise.
 * @param a - a numeric tensor (float32, float64, float16 or int32) or JS values.
 * @param b - a tensor of `a`'s dtype, or JS values (which take the other operand's dtype); the shapes broadcast (numpy rules).
 * @returns a bool tensor of the broadcast shape, true where `a <= b`.
 * @example
 * ```ts
 * const y = lessEqual(tensor([1, 2, 3]), 2); // [true, true, false]
 * ```
 */
export function lessEqual(a: TensorLike, b: TensorLike): Tensor<'bool'> { return boolOf('lessEqual', a, b, ORDERED); }
/**
 * `a > b` elementwise.
 * @param a - a numeric tensor (float32, float64, float16 or int32) or JS values.
 * @param b - a tensor of `a`'s dtype, or JS values (which take the other operand's dtype); the shapes broadcast (numpy rules).
 * @returns a bool tensor of the broadcast shape, true where `a > b`.
 * @example
 * ```ts
 * const y = greater(tensor([1, 2, 3]), 2); // [false, false, true]
 * ```
 */
export function greater(a: TensorLike, b: TensorLike): Tensor<'bool'> { return boolOf('greater', a, b, ORDERED); }
/**
 * `a >= b` elementwise.
 * @param a - a numeric tensor (float32, float64, float16 or int32) or JS values.
 * @param b - a tensor of `a`'s dtype, or JS values (which take the other operand's dtype); the shapes broadcast (numpy rules).
 * @returns a bool tensor of the broadcast shape, true where `a >= b`.
 * @example
 * ```ts
 * const y = greaterEqual(tensor([1, 2, 3]), 2); // [false, true, true]
 * ```
 */
export function greaterEqual(a: TensorLike, b: TensorLike): Tensor<'bool'> { return boolOf('greaterEqual', a, b, ORDERED); }

/**
 * `where(cond, a, b)` picks `a` where cond is true, else `b` (all three broadcast). `where(cond)` alone returns
 * the coordinates of the true elements as an int32 `[n, rank]` tensor (this reads `cond`, so needs a backend
 * that reads synchronously; use `whereAsync` on WebGPU).
 * @param cond - a bool tensor or JS booleans (any other dtype is an error).
 * @param a - the values where `cond` is true; broadcasts with `cond` and `b`. Omit `a` and `b` to get coordinates.
 * @param b - the values where `cond` is false, of `a`'s dtype (a JS value takes the other operand's dtype).
 * @returns with `a` and `b`: a tensor of the broadcast shape and their dtype; with `cond` alone: the int32
 *   coordinates `[n, rank]` of its true elements.
 * @example
 * ```ts
 * const y = where(tensor([true, false]), tensor([1, 2]), tensor([10, 20])); // [1, 20]
 * const at = where(tensor([false, true, true])); // int32 [[1], [2]]
 * ```
 */
export function where(cond: TensorLike, a?: TensorLike, b?: TensorLike): Tensor {
  return argScope(() => {
    const c = toT(cond, 'where', 'condition', 'bool');
    if (c.dtype !== 'bool') throw new Error(`where: condition must be bool, got ${c.dtype} [${c.shape.join(',')}]`);
    if (a === undefined && b === undefined) {
      requireSyncRead('where', c, 'whereAsync');
      return coordsOf(c, peekDataSync(c) as Uint8Array);
    }
    if (a === undefined || b === undefined) throw new Error('where: give both a and b, or neither');
    const [ta, tb] = toPair(a, b, 'where');
    checkSameDType('where', ta, tb);
    const out = selectKernel(c, ta, tb);
    record('where', [c, ta, tb], noAttrs(), out);
    return out;

  });
}

/**
 * `where(cond)` (the coordinates of the true elements, int32 `[n, rank]`) on every backend: reads `cond`
 * asynchronously, so it works on WebGPU too. Same result as `where(cond)`.
 * @param cond - a bool tensor or JS booleans (any other dtype is an error).
 * @returns a promise of the int32 coordinates `[n, rank]` of the true elements of `cond`.
 * @example
 * ```ts
 * const at = await whereAsync(tensor([[true, false], [false, true]])); // int32 [[0, 0], [1, 1]]
 * ```
 */
export async function whereAsync(cond: TensorLike): Promise<Tensor> {
  const c = toT(cond, 'whereAsync', 'condition', 'bool');
  try {
    if (c.dtype !== 'bool') throw new Error(`whereAsync: condition must be bool, got ${c.dtype} [${c.shape.join(',')}]`);
    return coordsOf(c, (await c.data()) as Uint8Array);
  } finally {
    if ((cond as unknown) !== c) c.dispose();
  }
}

function coordsOf(c: Tensor, v: Uint8Array): Tensor {
  const rank = c.rank;
  const coords: number[] = [];
  const idx = new Array<number>(rank).fill(0);
  for (let i = 0; i < v.length; i++) {
    if (v[i]) coords.push(...idx);
    for (let ax = rank - 1; ax >= 0; ax--) {
      if (++idx[ax] < c.shape[ax]) break;
      idx[ax] = 0;
    }
  }
  const n = rank === 0 ? (v[0] ? 1 : 0) : coords.length / rank;
  return fromValues(Int32Array.from(coords), [n, rank], 'int32');
}
