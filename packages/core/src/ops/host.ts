/** Tensors from numbers computed on the host (random values, top-k results, pooling counts). */
import type { DType } from '../dtype.js';
import { float32ToFloat16Bits } from '../util/float16.js';
import type { Tensor } from '../tensor/tensor.js';
import { fromValues } from './convert.js';

/**
 * @internal A tensor of `dtype` holding `values` (JS numbers, rounded to the dtype's storage: float16 as half
 * bits, int32 truncated, bool as `!= 0`). Numeric dtypes only.
 */
export function hostTensor(values: ArrayLike<number>, shape: readonly number[], dtype: DType): Tensor {
  switch (dtype) {
    case 'float32':
      return fromValues(Float32Array.from(values), shape, dtype);
    case 'float64':
      return fromValues(Float64Array.from(values), shape, dtype);
    case 'float16':
      return fromValues(float32ToFloat16Bits(values), shape, dtype);
    case 'int32':
      return fromValues(Int32Array.from(values), shape, dtype);
    case 'bool':
      return fromValues(Uint8Array.from(values, (v) => (v !== 0 ? 1 : 0)), shape, dtype);
    case 'complex64':
    case 'string':
      throw new Error(`internal: hostTensor cannot make a ${dtype} tensor`);
  }
}
