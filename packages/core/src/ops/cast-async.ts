/**
 * `cast` from async code on every backend. A dtype the current backend lacks (float64 next to WebGPU) lives on
 * another backend; plain `cast` moves the input there synchronously, which WebGPU cannot do in Node. `castAsync`
 * moves it with an asynchronous read first (`await x.to(...)`), then casts, and records the cast for the tape
 * against the original tensor, so gradients flow back to it.
 */
import type { DType } from '../dtype.js';
import { ENGINE } from '../engine/engine.js';
import type { Tensor } from '../tensor/tensor.js';
import type { TensorLike } from '../tensor/types.js';
import { record, toT } from './dispatch.js';
import { cast } from './shape.js';

/**
 * `cast(x, dtype)` that works from async code on every backend: `const y = await castAsync(x, 'float64')` on
 * WebGPU gives a float64 tensor on the backend that holds float64 (cpu, which must be initialised too), where
 * plain `cast` would need a synchronous read. Same result and gradient as `cast` everywhere else.
 * @param x - a tensor of any dtype, or JS values.
 * @param dtype - the dtype to convert to.
 * @returns a promise of a tensor of `x`'s shape and `dtype`.
 * @example
 * ```ts
 * const y = await castAsync(tensor([1.5, 2.5]), 'float64'); // float64 [1.5, 2.5]
 * ```
 */
export async function castAsync(x: TensorLike, dtype: DType): Promise<Tensor> {
  const t = toT(x, 'castAsync', 'x');
  try {
    const src = t.handle?.backend;
    if (!src || src.readSync || t.dtype === dtype || dtype === 'string' || dtype === 'complex64' || src.descriptor.dtypes.includes(dtype)) {
      return cast(t, dtype);
    }
    // The result lives elsewhere (the dtype fallback: a one-time notice, or an error in strict mode).
    const target = ENGINE.backendFor('cast', dtype);
    const moved = await t.to(ENGINE.nameOf(target));
    try {
      ENGINE.opDepth++;
      let out: Tensor;
      try {
        out = cast(moved, dtype);
      } finally {
        ENGINE.opDepth--;
      }
      record('cast', [t], { from: t.dtype, to: dtype }, out);
      return out;
    } finally {
      moved.dispose();
    }
  } finally {
    if ((x as unknown) !== t) t.dispose();
  }
}
