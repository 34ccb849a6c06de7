/**
 * Binary elementwise ops with TF/cpu-backend semantics: int32 wraps, integer division truncates and by zero
 * gives 0, floorDiv floors, mod takes the divisor's sign, maximum/minimum propagate NaN.
 */
import type { BinaryOp, DataId, View } from '@lab/core';
import { storageType, type StorageType } from '../wgsl/common.js';
import { runElementwise, type ElementwiseSpec } from './elementwise.js';
import type { KernelHost } from './types.js';

interface OpForm {
  readonly lib: readonly string[];
  readonly expr: string;
}

const F32: Record<BinaryOp, OpForm> = {
  add: { lib: [], expr: 'a + b' },
  sub: { lib: [], expr: 'a - b' },
  mul: { lib: [], expr: 'a * b' },
  div: { lib: [], expr: 'a / b' },
  floorDiv: { lib: ['mod_f'], expr: 'floordiv_f(a, b)' },
  mod: { lib: ['mod_f'], expr: 'mod_f(a, b)' },
  pow: { lib: ['pow_f'], expr: 'pow_f(a, b)' },
  maximum: { lib: ['bits'], expr: 'max_f(a, b)' },
  minimum: { lib: ['bits'], expr: 'min_f(a, b)' },
  atan2: { lib: ['atan2_f'], expr: 'atan2_f(a, b)' },
  logicalAnd: { lib: ['bits'], expr: 'select(0.0, 1.0, nz_f(a) && nz_f(b))' },
  logicalOr: { lib: ['bits'], expr: 'select(0.0, 1.0, nz_f(a) || nz_f(b))' },
  logicalXor: { lib: ['bits'], expr: 'select(0.0, 1.0, nz_f(a) != nz_f(b))' },
};

const I32: Record<BinaryOp, OpForm> = {
  add: { lib: [], expr: 'a + b' },
  sub: { lib: [], expr: 'a - b' },
  mul: { lib: [], expr: 'a * b' },
  div: { lib: ['div_i'], expr: 'div_i(a, b)' },
  floorDiv: { lib: ['div_i'], expr: 'floordiv_i(a, b)' },
  mod: { lib: ['div_i'], expr: 'mod_i(a, b)' },
  pow: { lib: ['pow_i'], expr: 'pow_i(a, b)' },
  maximum: { lib: [], expr: 'max(a, b)' },
  minimum: { lib: [], expr: 'min(a, b)' },
  atan2: { lib: ['atan2_f', 'f2i'], expr: 'f2i(atan2_f(f32(a), f32(b)))' },
  logicalAnd: { lib: [], expr: 'i32(a != 0i && b != 0i)' },
  logicalOr: { lib: [], expr: 'i32(a != 0i || b != 0i)' },
  logicalXor: { lib: [], expr: 'i32((a != 0i) != (b != 0i))' },
};

/** Ops that are one WGSL operator on vectors too (see `vecExpr`). */
const VECTOR_OPERATORS: Partial<Record<BinaryOp, string>> = { add: '+', sub: '-', mul: '*', div: '/' };

/** The elementwise spec of `op` on storage type `t`. */
export function binarySpec(op: BinaryOp, t: StorageType, dtypeName: string): ElementwiseSpec {
  if (!F32[op]) throw new Error(`binary: unknown op '${op}'`);
  let fn: string;
  let lib: readonly string[];
  if (t === 'f32') {
    ({ lib } = F32[op]);
    fn = `fn ew(a: f32, b: f32) -> f32 { return ${F32[op].expr}; }`;
  } else if (t === 'i32') {
    ({ lib } = I32[op]);
    fn = `fn ew(a: i32, b: i32) -> i32 { return ${I32[op].expr}; }`;
  } else {
    // bool: the integer op on 0/1, then != 0 (add is or, mul is and, maximum is or, ...).
    ({ lib } = I32[op]);
    fn = `fn ew_i(a: i32, b: i32) -> i32 { return ${I32[op].expr}; }\nfn ew(a: u32, b: u32) -> u32 { return u32(ew_i(i32(a), i32(b)) != 0i); }`;
  }
  // +, -, * (and / on floats) are the WGSL operators lane by lane: int32 wraps and floats follow IEEE either way.
  const operator = VECTOR_OPERATORS[op];
  const vector = operator !== undefined && (t === 'f32' || (t === 'i32' && op !== 'div'));
  return {
    name: `binary:${op}`,
    opKey: `binary:${op}:${dtypeName}`,
    inputTypes: [t, t],
    outputType: t,
    lib,
    helpers: fn,
    expr: 'ew(v0, v1)',
    ...(vector ? { vecExpr: `v0 ${operator} v1` } : {}),
  };
}

/** `out = a op b` (both views already broadcast to the output shape). */
export function binary(host: KernelHost, op: BinaryOp, a: View, b: View, out: DataId): void {
  const t = storageType(a.dtype, `binary:${op}`);
  const spec = binarySpec(op, t, a.dtype);
  runElementwise(host, spec, { inputs: [a, b], out: { id: host.data(out, spec.name) }, shape: a.shape });
}
