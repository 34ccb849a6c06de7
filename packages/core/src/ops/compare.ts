/** Comparisons (bool results) and `where`. */
import type { CompareOp } from '../backend/contract.js';
import type { DType } from '../dtype.js';
import type { Tensor } from '../tensor/tensor.js';
import type { TensorLike } from '../tensor/types.js';
import { checkDType, checkSameDType, compareKernel, noAttrs, record, selectKernel, toPair, toT, argScope } from './dispatch.js';
import { fromValues } from './convert.js';

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

/** `a == b` elementwise. */
export function equal(a: TensorLike, b: TensorLike): Tensor { return argScope(() => compareOp('equal', a, b, ANY)); }
/** `a != b` elementwise. */
export function notEqual(a: TensorLike, b: TensorLike): Tensor { return argScope(() => compareOp('notEqual', a, b, ANY)); }
/** `a < b` elementwise. */
export function less(a: TensorLike, b: TensorLike): Tensor { return argScope(() => compareOp('less', a, b, ORDERED)); }
/** `a <= b` elementwise. */
export function lessEqual(a: TensorLike, b: TensorLike): Tensor { return argScope(() => compareOp('lessEqual', a, b, ORDERED)); }
/** `a > b` elementwise. */
export function greater(a: TensorLike, b: TensorLike): Tensor { return argScope(() => compareOp('greater', a, b, ORDERED)); }
/** `a >= b` elementwise. */
export function greaterEqual(a: TensorLike, b: TensorLike): Tensor { return argScope(() => compareOp('greaterEqual', a, b, ORDERED)); }

/**
 * `where(cond, a, b)` picks `a` where cond is true, else `b` (all three broadcast). `where(cond)` alone returns
 * the coordinates of the true elements as an int32 `[n, rank]` tensor (this reads `cond`, so needs a backend
 * that reads synchronously; use `whereAsync` on WebGPU).
 */
export function where(cond: TensorLike, a?: TensorLike, b?: TensorLike): Tensor {
  return argScope(() => {
    const c = toT(cond, 'where', 'condition', 'bool');
    if (c.dtype !== 'bool') throw new Error(`where: condition must be bool, got ${c.dtype} [${c.shape.join(',')}]`);
    if (a === undefined && b === undefined) return coordsOf(c, c.dataSync() as Uint8Array);
    if (a === undefined || b === undefined) throw new Error('where: give both a and b, or neither');
    const [ta, tb] = toPair(a, b, 'where');
    checkSameDType('where', ta, tb);
    const out = selectKernel(c, ta, tb);
    record('where', [c, ta, tb], noAttrs(), out);
    return out;

  });
}

/** `where(cond)` for backends that only read asynchronously. */
export async function whereAsync(cond: Tensor): Promise<Tensor> {
  if (cond.dtype !== 'bool') throw new Error(`whereAsync: condition must be bool, got ${cond.dtype}`);
  return coordsOf(cond, (await cond.data()) as Uint8Array);
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
