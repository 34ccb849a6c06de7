/** Matrix products (assembly/matmul.ts): plain and with a fused bias and activation. */
import type { FusedMatMulArgs, MatMulArgs } from '@lab/core';
import { ACTIVATION, DT, elemShift } from '../codes.js';
import { fail } from '../memory.js';
import { PAR_FLOPS, type KernelRuntime } from '../runtime.js';

/** `a @ b` for every batch. */
export function matmul(rt: KernelRuntime, args: MatMulArgs): void {
  gemm(rt, args, 0, 0, 0, 'matmul');
}

/** `act(a @ b + bias)` in one pass. */
export function fusedMatMul(rt: KernelRuntime, args: FusedMatMulArgs): void {
  const bias = args.bias ? rt.mem.ready(args.bias, 'fusedMatMul').ptr : 0;
  const act = ACTIVATION[args.activation];
  if (act === undefined) fail('fusedMatMul', `unknown activation ${args.activation}`);
  if (args.dtype === 'int32' && (bias !== 0 || act !== 0)) {
    fail('fusedMatMul', 'bias and activations need a float dtype');
  }
  gemm(rt, args, bias, act, args.alpha ?? 0.2, 'fusedMatMul');
}

function gemm(rt: KernelRuntime, args: MatMulArgs, bias: number, act: number, alpha: number, op: string): void {
  const { dtype, batch, m, n, k } = args;
  if (dtype !== 'float32' && dtype !== 'float64' && dtype !== 'int32') fail(op, `dtype ${dtype} is not supported`);
  const sh = elemShift(dtype);
  const a = rt.mem.ready(args.a, op);
  const b = rt.mem.ready(args.b, op);
  const o = rt.mem.out(args.out, op);
  if (batch * m * n === 0) return;
  const ap = a.ptr + args.aOffset * 2 ** sh;
  const bp = b.ptr + args.bOffset * 2 ** sh;
  const workBytes = dtype === 'float32' ? rt.k.matmulWorkBytes(n, k) : 0;
  const flops = batch * m * n * k;
  // split batches when there are enough of them, else rows of each matrix
  const byBatch = batch >= rt.threads;
  const base = [DT[dtype], ap, bp, o.ptr, m, n, k, +args.transposeA, +args.transposeB, args.aBatchStride, args.bBatchStride];
  const argv = byBatch ? [...base, 0, 0, 0, m, 0, bias, act, alpha] : [...base, 0, batch, 0, 0, 0, bias, act, alpha];
  rt.par('matmul', argv, byBatch ? 11 : 13, byBatch ? batch : m, flops, PAR_FLOPS, 15, workBytes);
}
