/** Batched matmul (and its fused form) in float64, reading operands the way the contract lays them out. */
import type { BackendDType, FusedActivation, MatMulArgs } from '@lab/core';
import { activate } from './activation.js';
import type { RefResult } from './reduce.js';

/** The layout part of MatMulArgs (no buffers). */
export type MatMulLayout = Omit<MatMulArgs, 'a' | 'b' | 'out' | 'dtype'>;

/** Elements the A and B buffers need for a layout. */
export function matmulExtents(l: MatMulLayout): { a: number; b: number } {
  const last = Math.max(l.batch - 1, 0);
  return {
    a: l.aOffset + last * l.aBatchStride + l.m * l.k,
    b: l.bOffset + last * l.bBatchStride + l.k * l.n,
  };
}

/**
 * `out[b] = act(op(A[b]) @ op(B[b]) + bias)`: A[b] starts at `aOffset + b * aBatchStride` and is stored [m,k]
 * ([k,m] when transposed); B likewise [k,n] ([n,k]). int32 products and sums wrap.
 */
export function matmulRef(
  l: MatMulLayout,
  dtype: BackendDType,
  a: readonly number[],
  b: readonly number[],
  epilogue?: { bias?: readonly number[]; activation: FusedActivation; alpha?: number },
): RefResult {
  const { batch, m, n, k } = l;
  const values = new Array<number>(batch * m * n);
  const scale = new Array<number>(batch * m * n);
  const sq = Math.sqrt(Math.max(k, 1));
  const isInt = dtype === 'int32';
  for (let bi = 0; bi < batch; bi++) {
    const aBase = l.aOffset + bi * l.aBatchStride;
    const bBase = l.bOffset + bi * l.bBatchStride;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        let mag = 0;
        for (let p = 0; p < k; p++) {
          const av = a[aBase + (l.transposeA ? p * m + i : i * k + p)];
          const bv = b[bBase + (l.transposeB ? j * k + p : p * n + j)];
          if (isInt) {
            s = (s + Math.imul(av, bv)) | 0;
          } else {
            s += av * bv;
            mag += Math.abs(av * bv);
          }
        }
        if (epilogue) {
          const bias = epilogue.bias ? epilogue.bias[j] : 0;
          mag += Math.abs(bias);
          s = isInt ? (s + bias) | 0 : activate(epilogue.activation, s + bias, epilogue.alpha);
        }
        const o = (bi * m + i) * n + j;
        values[o] = s;
        scale[o] = mag / sq;
      }
    }
  }
  return { values, scale };
}
