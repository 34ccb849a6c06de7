/**
 * How code below the Tensor class makes tensors. The ops and the conversions create tensors, and Tensor's
 * chainable methods call the ops, so the ops cannot import the class without an import cycle: they call
 * {@link makeTensor}, which builds an instance of the class that tensor.ts registers when it loads (always
 * before any op runs: every entry point loads tensor.ts, and core's package.json lists tensor.ts under
 * `sideEffects` so that bundlers of core's sources keep it). A leaf module: it imports types only.
 */
import type { DType } from '../dtype.js';
import type { DataHandle } from '../engine/data-handle.js';
import type { Tensor } from './tensor.js';

/** The Tensor class (internal: users never call `new Tensor`). */
export type TensorClass = typeof Tensor;

let TensorCtor: TensorClass | undefined;

/** @internal Called once by tensor.ts with the class every tensor is an instance of. */
export function setTensorClass(cls: TensorClass): void {
  TensorCtor = cls;
}

/**
 * @internal A new tensor (what `new Tensor(...)` does): over `handle` (taking over one reference), contiguous
 * unless `strides` says otherwise, in the innermost scope unless `tracked` is false.
 */
export function makeTensor<D extends DType>(
  handle: DataHandle | null,
  shape: readonly number[],
  dtype: D,
  strides?: readonly number[],
  offset?: number,
  tracked?: boolean,
): Tensor<D> {
  if (TensorCtor === undefined) throw new Error("internal: a tensor was made before tensor/tensor.ts loaded; import '@lab/core'");
  return new TensorCtor(handle, shape, dtype, strides, offset, tracked);
}
