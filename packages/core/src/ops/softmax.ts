/** softmax and logSoftmax along one axis: the backend's fused kernel when it has one, else primitives. */
import type { DType } from '../dtype.js';
import { normAxis } from '../util/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import type { DTypeOf, TensorLike } from '../tensor/types.js';
import { backendFor, checkDType, composite, newOutput, record, toT, argScope } from './dispatch.js';
import { dense, reshaped } from './layout.js';
import { reduceKernel } from './reduce.js';
import * as o from './primitives.js';
import { ENGINE } from '../engine/engine.js';

const FLOATS: readonly DType[] = ['float32', 'float64', 'float16'];

function softmaxOp(name: 'softmax' | 'logSoftmax', x: TensorLike, axis: number): Tensor {
  const t = toT(x, name, 'x');
  checkDType(name, t, FLOATS);
  if (t.rank === 0) throw new Error(`${name}: needs rank >= 1, got a scalar`);
  const ax = normAxis(name, axis, t.rank);
  const log = name === 'logSoftmax';
  const b = backendFor(name, t.dtype, [t]);
  if (b.softmax && ax === t.rank - 1 && t.size > 0) {
    ENGINE.opDepth++;
    const src = dense(t);
    const out = newOutput(b, t.dtype, t.shape);
    const size = t.shape[ax];
    b.softmax({ x: src.handle!.id, out: out.handle!.id, dtype: src.handle!.dtype, outer: t.size / size, size, log });
    src.dispose();
    ENGINE.opDepth--;
    record(name, [t], { axis: ax }, out);
    return out;
  }
  return composite(name, [t], { axis: ax }, () => {
    const keep = t.shape.map((s, i) => (i === ax ? 1 : s));
    const m = reshaped(reduceKernel('max', t, [ax]), keep);
    const safeM = o.sel(o.un('isFinite', m), m, o.c(0, m));
    const shifted = o.bin('sub', t, safeM);
    const e = o.un('exp', shifted);
    const s = reshaped(reduceKernel('sum', e, [ax]), keep);
    return log ? o.bin('sub', shifted, o.un('log', s)) : o.bin('div', e, s);
  });
}

/**
 * `exp(x) / sum(exp(x))` along `axis` (default last), computed stably.
 * @param x - a float tensor (float32, float64 or float16), or JS values.
 * @param axis - the axis to normalise (default -1, the last).
 * @returns a tensor of `x`'s shape and dtype whose entries along `axis` are positive and sum to 1.
 * @example
 * ```ts
 * const p = softmax(tensor([[0, 0], [0, Math.log(3)]])); // [[0.5, 0.5], [0.25, 0.75]]
 * ```
 */
export function softmax<X extends TensorLike>(x: X, axis?: number): Tensor<DTypeOf<X>>;
export function softmax(x: TensorLike, axis = -1): Tensor {
  return argScope(() => {
    return softmaxOp('softmax', x, axis);

  });
}

/**
 * `log(softmax(x))` along `axis`, computed stably.
 * @param x - a float tensor (float32, float64 or float16), or JS values.
 * @param axis - the axis to normalise (default -1, the last).
 * @returns `x - logSumExp(x, axis, true)`, a tensor of `x`'s shape and dtype.
 * @example
 * ```ts
 * const lp = logSoftmax(tensor([0, 0])); // [-0.6931472, -0.6931472]
 * ```
 */
export function logSoftmax<X extends TensorLike>(x: X, axis?: number): Tensor<DTypeOf<X>>;
export function logSoftmax(x: TensorLike, axis = -1): Tensor {
  return argScope(() => {
    return softmaxOp('logSoftmax', x, axis);

  });
}
