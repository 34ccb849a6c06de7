/** Small helpers to drive a backend directly, without core's tensor layer. */
import type { Backend, BackendDType, DataId, DataValues, View } from '@lab/core';
import { contiguousStrides, sizeOf } from '@lab/core';

export type Values = Float32Array | Float64Array | Int32Array | Uint8Array;

export function arr(dtype: BackendDType, values: ArrayLike<number>): Values {
  switch (dtype) {
    case 'float32':
      return Float32Array.from(values);
    case 'float64':
      return Float64Array.from(values);
    case 'int32':
      return Int32Array.from(values);
    default:
      return Uint8Array.from(values);
  }
}

export function upload(b: Backend, dtype: BackendDType, values: ArrayLike<number>): DataId {
  const id = b.alloc(dtype, values.length);
  if (values.length > 0) b.write(id, arr(dtype, values));
  return id;
}

export function view(id: DataId, dtype: BackendDType, shape: number[], strides?: number[], offset = 0): View {
  return { id, dtype, shape, strides: strides ?? contiguousStrides(shape), offset };
}

export function read(b: Backend, id: DataId): number[] {
  return Array.from(b.readSync!(id) as Exclude<DataValues, string[]>);
}

export function t(b: Backend, dtype: BackendDType, shape: number[], values: ArrayLike<number>): View {
  if (sizeOf(shape) !== values.length) throw new Error('bad test tensor');
  return view(upload(b, dtype, values), dtype, shape);
}

/** Seeded pseudo-random floats in [-1, 1). */
export function rand(n: number, seed = 1): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    out[i] = ((s >>> 0) / 4294967296) * 2 - 1;
  }
  return out;
}

/** Reference matmul in float64. */
export function refMatmul(a: ArrayLike<number>, b: ArrayLike<number>, m: number, n: number, k: number, tA = false, tB = false): Float64Array {
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += a[tA ? p * m + i : i * k + p] * b[tB ? j * k + p : p * n + j];
      out[i * n + j] = s;
    }
  }
  return out;
}
