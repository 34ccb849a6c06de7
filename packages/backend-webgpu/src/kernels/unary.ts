/**
 * Unary elementwise ops. float32 ops are the expressions of wgsl/unary-lib.ts over the guarded math library;
 * int32 and bool have exact integer forms for the ops that make sense on integers, and compute the rest in f32
 * then convert back with the cast rules (so `sqrt` on int32 truncates, like a cast of the float result).
 */
import { EXTENDED_UNARY_OPS, isBoolUnary, type DataId, type ExtendedUnaryOp, type UnaryOp, type View } from '@lab/core';
import { convertExpr, storageType, type StorageType } from '../wgsl/common.js';
import { libFor } from '../wgsl/math.js';
import { UNARY_F32 } from '../wgsl/unary-lib.js';
import { runElementwise, type ElementwiseSpec } from './elementwise.js';
import type { KernelHost } from './types.js';

/** Every extended op implemented natively (the descriptor's `unaryOps`): all of them, core's list. */
export const NATIVE_UNARY_OPS: readonly ExtendedUnaryOp[] = EXTENDED_UNARY_OPS;

/** Integer forms (i32 `a`) of the ops that are exact on integers. */
const I32: Partial<Record<UnaryOp, string>> = {
  neg: '0i - a',
  abs: 'select(a, 0i - a, a < 0i)',
  sign: 'select(select(0i, -1i, a < 0i), 1i, a > 0i)',
  square: 'a * a',
  floor: 'a',
  ceil: 'a',
  round: 'a',
  trunc: 'a',
  relu: 'max(a, 0i)',
  relu6: 'clamp(a, 0i, 6i)',
  logicalNot: 'i32(a == 0i)',
};

/** bool forms (u32 `a`, 0 or 1). */
const U32: Partial<Record<UnaryOp, string>> = {
  neg: 'a',
  abs: 'a',
  sign: 'a',
  square: 'a',
  floor: 'a',
  ceil: 'a',
  round: 'a',
  trunc: 'a',
  relu: 'a',
  relu6: 'a',
  logicalNot: 'u32(a == 0u)',
};

/** The elementwise spec of `op` on storage type `t`. */
export function unarySpec(op: UnaryOp, t: StorageType, dtypeName: string): ElementwiseSpec {
  const expr = UNARY_F32[op];
  if (expr === undefined) throw new Error(`unary: unknown op '${op}'`);
  const predicate = isBoolUnary(op);
  const outType: StorageType = predicate ? 'u32' : t;
  let helpers: string;
  let lib: readonly string[] = libFor(expr);
  if (t === 'f32') {
    helpers = `fn ew(a: f32) -> ${outType} { return ${predicate ? `u32(${expr})` : expr}; }`;
  } else if (predicate) {
    helpers = `fn ew(a: ${t}) -> u32 { return ${op === 'isFinite' ? '1u' : '0u'}; }`;
    lib = [];
  } else {
    const exact = t === 'i32' ? I32[op] : U32[op];
    if (exact !== undefined) {
      helpers = `fn ew(a: ${t}) -> ${t} { return ${exact}; }`;
      lib = [];
    } else {
      // No integer meaning: compute in f32 and convert back like a cast would.
      helpers =
        `fn ew_f(a: f32) -> f32 { return ${expr}; }\n` +
        `fn ew(a: ${t}) -> ${t} { return ${convertExpr(`ew_f(${convertExpr('a', t, 'f32')})`, 'f32', t)}; }`;
      lib = [...lib, 'f2i', 'bits'];
    }
  }
  return {
    name: `unary:${op}`,
    opKey: `unary:${op}:${dtypeName}`,
    inputTypes: [t],
    outputType: outType,
    lib,
    helpers,
    expr: 'ew(v0)',
  };
}

/** `out = op(x)`. */
export function unary(host: KernelHost, op: UnaryOp, x: View, out: DataId): void {
  const t = storageType(x.dtype, `unary:${op}`);
  const spec = unarySpec(op, t, x.dtype);
  runElementwise(host, spec, { inputs: [x], out: { id: host.data(out, spec.name) }, shape: x.shape });
}
