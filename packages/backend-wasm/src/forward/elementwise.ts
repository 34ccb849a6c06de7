/**
 * Elementwise kernels over strided views (assembly/unary.ts, binary.ts, copy.ts ...): each writes the views'
 * meta block (src/views.ts) into the parameter area and runs the kernel over the elements.
 */
import type { BackendDType, BinaryOp, CompareOp, DataId, UnaryOp, View } from '@lab/core';
import { BINARY, BOOL_UNARY, COMPARE, DT, UNARY, dtypeCode, elemShift } from '../codes.js';
import { elemBytes, fail } from '../memory.js';
import { PAR_ELEMENTS, type KernelRuntime } from '../runtime.js';

/** A unary op (float ops keep the dtype; isNaN, isFinite and isInf write bool). */
export function unary(rt: KernelRuntime, op: UnaryOp, x: View, out: DataId): void {
  const code = UNARY[op];
  if (code === undefined) fail('unary', `unknown op ${op}`);
  const m = rt.mem;
  const xp = m.vptr(x, op);
  const o = m.out(out, op);
  const want = BOOL_UNARY.has(op) ? 'bool' : x.dtype;
  if (o.dtype !== want) fail(op, `output dtype ${o.dtype}, expected ${want}`);
  const meta = m.paramPtr;
  const n = m.meta(x.shape, [x.strides]);
  if (rt.serial(n)) rt.k.unary(DT[x.dtype as 'float32'], code, meta, xp, o.ptr, 0, n);
  else rt.par('unary', [DT[x.dtype as 'float32'], code, meta, xp, o.ptr, 0, 0], 5, n, n, PAR_ELEMENTS);
}

/** A two-operand kernel (binary and compare share one signature): `code` is the op's number in it. */
function twoOperand(rt: KernelRuntime, kernel: 'binary' | 'compare', code: number, op: string, a: View, b: View, out: DataId): void {
  if (a.dtype !== b.dtype) fail(op, `dtypes differ: ${a.dtype} and ${b.dtype}`);
  const m = rt.mem;
  const ap = m.vptr(a, op);
  const bp = m.vptr(b, op);
  const o = m.out(out, op);
  const meta = m.paramPtr;
  const n = m.meta(a.shape, [a.strides, b.strides]);
  const dt = DT[a.dtype as 'float32'];
  if (rt.serial(n)) rt.k[kernel](dt, code, meta, ap, bp, o.ptr, 0, n);
  else rt.par(kernel, [dt, code, meta, ap, bp, o.ptr, 0, 0], 6, n, n, PAR_ELEMENTS);
}

/** An arithmetic or logical op of two views of one dtype (broadcast through their strides). */
export function binary(rt: KernelRuntime, op: BinaryOp, a: View, b: View, out: DataId): void {
  const code = BINARY[op];
  if (code === undefined) fail('binary', `unknown op ${op}`);
  twoOperand(rt, 'binary', code, op, a, b, out);
}

/** A comparison of two views of one dtype, writing bool. */
export function compare(rt: KernelRuntime, op: CompareOp, a: View, b: View, out: DataId): void {
  const code = COMPARE[op];
  if (code === undefined) fail('compare', `unknown op ${op}`);
  twoOperand(rt, 'compare', code, op, a, b, out);
}

/** `cond ? a : b` elementwise. */
export function select(rt: KernelRuntime, cond: View, a: View, b: View, out: DataId): void {
  if (a.dtype !== b.dtype) fail('select', `dtypes differ: ${a.dtype} and ${b.dtype}`);
  const m = rt.mem;
  const cp = m.vptr(cond, 'select');
  const ap = m.vptr(a, 'select');
  const bp = m.vptr(b, 'select');
  const o = m.out(out, 'select');
  const meta = m.paramPtr;
  const n = m.meta(a.shape, [cond.strides, a.strides, b.strides]);
  rt.par('select', [elemShift(a.dtype), meta, cp, ap, bp, o.ptr, 0, 0], 6, n, n, PAR_ELEMENTS);
}

/** Converts a view to `outDType`. */
export function cast(rt: KernelRuntime, x: View, out: DataId, outDType: BackendDType): void {
  const m = rt.mem;
  const xp = m.vptr(x, 'cast');
  const o = m.out(out, 'cast');
  const ot = dtypeCode(outDType);
  if (ot < 0 || o.dtype !== outDType) fail('cast', `cannot cast to ${outDType} here`);
  const meta = m.paramPtr;
  const n = m.meta(x.shape, [x.strides]);
  rt.par('cast', [DT[x.dtype as 'float32'], ot, meta, xp, o.ptr, 0, 0], 5, n, n, PAR_ELEMENTS);
}

/** Copies a strided view into another (of the same dtype). */
export function copy(rt: KernelRuntime, src: View, dst: View): void {
  if (src.dtype !== dst.dtype) fail('copy', `dtypes differ: ${src.dtype} and ${dst.dtype}`);
  const m = rt.mem;
  const sp = m.vptr(src, 'copy');
  const dd = m.ready(dst.id, 'copy');
  const dp = dd.ptr + dst.offset * elemBytes(dd.dtype);
  const meta = m.paramPtr;
  const n = m.meta(src.shape, [src.strides, dst.strides]);
  rt.par('copy', [elemShift(src.dtype), meta, sp, dp, 0, 0], 4, n, n, PAR_ELEMENTS);
}

/** Sets every element of a view to `value`. */
export function fill(rt: KernelRuntime, dst: View, value: number | string): void {
  if (typeof value !== 'number') fail('fill', 'string values are not supported');
  const m = rt.mem;
  const dd = m.ready(dst.id, 'fill');
  const dp = dd.ptr + dst.offset * elemBytes(dd.dtype);
  const meta = m.paramPtr;
  const n = m.meta(dst.shape, [dst.strides]);
  rt.par('fill', [DT[dd.dtype as 'float32'], meta, dp, value, 0, 0], 4, n, n, PAR_ELEMENTS);
}
