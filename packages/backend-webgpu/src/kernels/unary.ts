/**
 * Unary elementwise ops. float32 ops go through the guarded math library (wgsl/math.ts); int32 and bool have
 * exact integer forms for the ops that make sense on integers, and compute the rest in f32 then convert back
 * with the cast rules (so `sqrt` on int32 truncates, like a cast of the float result).
 */
import { EXTENDED_UNARY_OPS, type DataId, type ExtendedUnaryOp, type UnaryOp, type View } from '@lab/core';
import { convertExpr, storageType, type StorageType } from '../wgsl/common.js';
import { runElementwise, type ElementwiseSpec } from './elementwise.js';
import type { KernelHost } from './types.js';

interface FloatOp {
  readonly lib: readonly string[];
  /** Expression of `a` (f32). */
  readonly expr: string;
}

const F32: Record<UnaryOp, FloatOp> = {
  neg: { lib: [], expr: '-a' },
  abs: { lib: [], expr: 'bitcast<f32>(bitcast<u32>(a) & 0x7fffffffu)' },
  sign: { lib: ['sign_f'], expr: 'sign_f(a)' },
  sqrt: { lib: ['sqrt_f'], expr: 'sqrt_f(a)' },
  reciprocal: { lib: [], expr: '1.0 / a' },
  exp: { lib: ['exp_f'], expr: 'exp_f(a)' },
  log: { lib: ['log_f'], expr: 'log_f(a)' },
  sin: { lib: ['trig_f'], expr: 'sin_f(a)' },
  cos: { lib: ['trig_f'], expr: 'cos_f(a)' },
  tanh: { lib: ['tanh_f'], expr: 'tanh_f(a)' },
  atan: { lib: ['trig_f'], expr: 'atan_f(a)' },
  erf: { lib: ['erf_f'], expr: 'erf_f(a)' },
  floor: { lib: [], expr: 'floor(a)' },
  ceil: { lib: [], expr: 'ceil(a)' },
  round: { lib: ['round_f'], expr: 'round_f(a)' },
  logicalNot: { lib: ['bits'], expr: 'select(0.0, 1.0, !nz_f(a))' },
  isNaN: { lib: ['bits'], expr: 'is_nan(a)' },
  isFinite: { lib: ['bits'], expr: 'is_finite(a)' },
  square: { lib: [], expr: 'a * a' },
  rsqrt: { lib: ['sqrt_f'], expr: '1.0 / sqrt_f(a)' },
  expm1: { lib: ['expm1_f'], expr: 'expm1_f(a)' },
  log1p: { lib: ['log1p_f'], expr: 'log1p_f(a)' },
  tan: { lib: ['trig_f'], expr: 'tan_f(a)' },
  asin: { lib: ['asin_f'], expr: 'asin_f(a)' },
  acos: { lib: ['acos_f'], expr: 'acos_f(a)' },
  sinh: { lib: ['sinh_f'], expr: 'sinh_f(a)' },
  cosh: { lib: ['cosh_f'], expr: 'cosh_f(a)' },
  asinh: { lib: ['asinh_f'], expr: 'asinh_f(a)' },
  acosh: { lib: ['acosh_f'], expr: 'acosh_f(a)' },
  atanh: { lib: ['atanh_f'], expr: 'atanh_f(a)' },
  trunc: { lib: [], expr: 'trunc(a)' },
  isInf: { lib: ['bits'], expr: 'is_inf(a)' },
  sigmoid: { lib: ['sigmoid_f'], expr: 'sigmoid_f(a)' },
  relu: { lib: [], expr: 'select(a, 0.0, a < 0.0)' },
  relu6: { lib: ['bits'], expr: 'select(clamp(a, 0.0, 6.0), a, is_nan(a))' },
  elu: { lib: ['elu_f'], expr: 'elu_f(a)' },
  selu: { lib: ['selu_f'], expr: 'selu_f(a)' },
  gelu: { lib: ['gelu_f'], expr: 'gelu_f(a)' },
  silu: { lib: ['sigmoid_f'], expr: 'select(a * sigmoid_f(a), 0.0, is_inf(a) && a < 0.0)' },
  softplus: { lib: ['softplus_f'], expr: 'softplus_f(a)' },
  softsign: { lib: ['sign_f'], expr: 'select(a / (1.0 + abs(a)), sign_f(a), is_inf(a))' },
};

/** Every extended op implemented natively (the descriptor's `unaryOps`): all of them, core's list. */
export const NATIVE_UNARY_OPS: readonly ExtendedUnaryOp[] = EXTENDED_UNARY_OPS;

const PREDICATES = new Set<UnaryOp>(['isNaN', 'isFinite', 'isInf']);

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
  const f = F32[op];
  if (!f) throw new Error(`unary: unknown op '${op}'`);
  const predicate = PREDICATES.has(op);
  const outType: StorageType = predicate ? 'u32' : t;
  let helpers: string;
  let lib: readonly string[] = f.lib;
  if (t === 'f32') {
    helpers = `fn ew(a: f32) -> ${outType} { return ${predicate ? `u32(${f.expr})` : f.expr}; }`;
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
        `fn ew_f(a: f32) -> f32 { return ${f.expr}; }\n` +
        `fn ew(a: ${t}) -> ${t} { return ${convertExpr(`ew_f(${convertExpr('a', t, 'f32')})`, 'f32', t)}; }`;
      lib = [...f.lib, 'f2i', 'bits'];
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
