/**
 * Fused matmul: `act(op(A) @ op(B) + bias)` in one pass over the output, instead of three kernels and two
 * temporaries. The product is the matmul kernel's; the epilogue runs on the still-hot output.
 */
import type { FusedMatMulArgs } from '@lab/core';
import { narrowHalfInto, unsupported, widenHalf } from '../strided.js';
import type { AnyArray, NumArray } from '../strided.js';
import { applyEpilogue } from './activation.js';
import { matmulKernel } from './matmul.js';

/** Runs {@link FusedMatMulArgs} on resolved buffers (`bias` is [n] or undefined). */
export function fusedMatMulKernel(args: FusedMatMulArgs, a: AnyArray, b: AnyArray, bias: AnyArray | undefined, out: AnyArray): void {
  const { dtype, batch, m, n } = args;
  if (dtype === 'bool' || dtype === 'string') throw unsupported('fusedMatMul', 'fusedMatMul', dtype);
  if (dtype === 'float16') {
    // Product and epilogue in float32 (one rounding to half at the end), via a float32 copy of the arguments.
    const wa = widenHalf(a as Uint16Array);
    const wb = b === a ? wa : widenHalf(b as Uint16Array);
    const tmp = new Float32Array(out.length);
    matmulKernel({ ...args, dtype: 'float32' }, wa, wb, tmp);
    applyEpilogue(tmp, batch * m, n, bias && widenHalf(bias as Uint16Array), args.activation, args.alpha);
    return narrowHalfInto(out as Uint16Array, tmp);
  }
  matmulKernel(args, a, b, out);
  applyEpilogue(out as NumArray, batch * m, n, bias as NumArray | undefined, args.activation, args.alpha);
}
