// Unary elementwise kernels. f32 gets SIMD rows for the common ops; everything else computes in double precision
// and rounds once on store, which is exactly what the JavaScript cpu backend does.
import { F32, F64, I32, U8, toI32, rowOffset, metaRank, metaInner, metaInnerStride, minI } from './common';
import { expV, tanhV, sigmoidV } from './math';
// Op codes, boolOut and the f64 dispatch are generated from core's list (scripts/gen-unary-codes.mjs).
import {
  NEG, ABS, SIGN, SQRT, RECIPROCAL, EXP, TANH, FLOOR, CEIL, ROUND, LOGICAL_NOT, IS_NAN, IS_FINITE, SQUARE, TRUNC,
  IS_INF, SIGMOID, RELU, RELU6, SILU, boolOut, unaryF64,
} from './generated/unary-codes';
export { unaryF64, RELU, RELU6, SIGMOID, TANH, GELU, ELU } from './generated/unary-codes';

/** int32 semantics: exact wrapping integer arithmetic where the op is integral, else the float op truncated. */
@inline function unaryI32(op: i32, x: i32): i32 {
  switch (op) {
    case NEG: return -x;
    case ABS: return x < 0 ? -x : x;
    case SIGN: return x > 0 ? 1 : x < 0 ? -1 : 0;
    case SQUARE: return x * x;
    case FLOOR: case CEIL: case ROUND: case TRUNC: return x;
    case RELU: return x > 0 ? x : 0;
    case RELU6: return x > 6 ? 6 : x > 0 ? x : 0;
    case LOGICAL_NOT: return x == 0 ? 1 : 0;
    case IS_NAN: case IS_INF: return 0;
    case IS_FINITE: return 1;
    default: return toI32(unaryF64(op, <f64>x));
  }
}

@inline function simdF32(op: i32, v: v128): v128 {
  switch (op) {
    case NEG: return f32x4.neg(v);
    case ABS: return f32x4.abs(v);
    case SQRT: return f32x4.sqrt(v);
    case RECIPROCAL: return f32x4.div(f32x4.splat(1.0), v);
    case EXP: return expV(v);
    case TANH: return tanhV(v);
    case SIGMOID: return sigmoidV(v);
    case FLOOR: return f32x4.floor(v);
    case CEIL: return f32x4.ceil(v);
    case ROUND: return f32x4.nearest(v);
    case TRUNC: return f32x4.trunc(v);
    case SQUARE: return f32x4.mul(v, v);
    // max(x, 0) but NaN kept: lanes where x <= 0 (false for NaN) become +0, the rest keep x
    case RELU: return v128.andnot(v, f32x4.le(v, f32x4.splat(0)));
    case RELU6: {
      const r = v128.andnot(v, f32x4.le(v, f32x4.splat(0)));
      return v128.bitselect(f32x4.splat(6.0), r, f32x4.gt(v, f32x4.splat(6.0)));
    }
    case SILU: return f32x4.mul(v, sigmoidV(v));
    default: return v;
  }
}

@inline function hasSimdF32(op: i32): bool {
  return op == NEG || op == ABS || op == SQRT || op == RECIPROCAL || op == EXP || op == TANH || op == SIGMOID ||
    op == FLOOR || op == CEIL || op == ROUND || op == TRUNC || op == SQUARE || op == RELU || op == RELU6 || op == SILU;
}

@inline function scalarSimdOpF32(op: i32, x: f32): f32 {
  // the same formulas as the SIMD path so a tensor's tail elements match its body
  return f32x4.extract_lane(simdF32(op, f32x4.splat(x)), 0);
}

// 16 elements per iteration: the cheap ops run at the memory's speed. Indexed, unlike binary.ts's rowV: with
// bumped pointers this loop ran 0.80x as fast over a shared memory (the threads build) as over an ordinary one,
// indexed 0.93-1.0x, and as fast as bumped over an ordinary memory (README, "Threads").
@inline function rowSimd16(op: i32, x: usize, o: usize, n: i32): void {
  let i = 0;
  for (; i + 16 <= n; i += 16) {
    const off = <usize>i << 2;
    v128.store(o + off, simdF32(op, v128.load(x + off)));
    v128.store(o + off, simdF32(op, v128.load(x + off, 16)), 16);
    v128.store(o + off, simdF32(op, v128.load(x + off, 32)), 32);
    v128.store(o + off, simdF32(op, v128.load(x + off, 48)), 48);
  }
  for (; i < n; i++) store<f32>(o + (<usize>i << 2), scalarSimdOpF32(op, load<f32>(x + (<usize>i << 2))));
}

@inline function rowSimd4(op: i32, x: usize, o: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(o + (<usize>i << 2), simdF32(op, v128.load(x + (<usize>i << 2))));
  for (; i < n; i++) store<f32>(o + (<usize>i << 2), scalarSimdOpF32(op, load<f32>(x + (<usize>i << 2))));
}

function rowSimdF32(op: i32, x: usize, o: usize, n: i32): void {
  // one switch per row: each case is a loop specialised on a constant op after inlining; the cheap (memory-bound)
  // ops unrolled, the transcendentals (compute-bound, many registers) one vector at a time
  switch (op) {
    case NEG: rowSimd16(NEG, x, o, n); break;
    case ABS: rowSimd16(ABS, x, o, n); break;
    case SQRT: rowSimd4(SQRT, x, o, n); break;
    case RECIPROCAL: rowSimd4(RECIPROCAL, x, o, n); break;
    case EXP: rowSimd4(EXP, x, o, n); break;
    case TANH: rowSimd4(TANH, x, o, n); break;
    case SIGMOID: rowSimd4(SIGMOID, x, o, n); break;
    case FLOOR: rowSimd16(FLOOR, x, o, n); break;
    case CEIL: rowSimd16(CEIL, x, o, n); break;
    case ROUND: rowSimd16(ROUND, x, o, n); break;
    case TRUNC: rowSimd16(TRUNC, x, o, n); break;
    case SQUARE: rowSimd16(SQUARE, x, o, n); break;
    case RELU: rowSimd16(RELU, x, o, n); break;
    case RELU6: rowSimd16(RELU6, x, o, n); break;
    case SILU: rowSimd4(SILU, x, o, n); break;
  }
}

export function rowF32(op: i32, x: usize, sx: i32, o: usize, n: i32): void {
  if (boolOut(op)) {
    for (let i = 0; i < n; i++) store<u8>(o + <usize>i, <u8>unaryF64(op, <f64>load<f32>(x + (<usize>(i * sx) << 2))));
    return;
  }
  if (hasSimdF32(op)) {
    if (sx == 1) { rowSimdF32(op, x, o, n); return; }
    for (let i = 0; i < n; i++) store<f32>(o + (<usize>i << 2), scalarSimdOpF32(op, load<f32>(x + (<usize>(i * sx) << 2))));
    return;
  }
  for (let i = 0; i < n; i++) store<f32>(o + (<usize>i << 2), <f32>unaryF64(op, <f64>load<f32>(x + (<usize>(i * sx) << 2))));
}

export function rowF64(op: i32, x: usize, sx: i32, o: usize, n: i32): void {
  if (boolOut(op)) {
    for (let i = 0; i < n; i++) store<u8>(o + <usize>i, <u8>unaryF64(op, load<f64>(x + (<usize>(i * sx) << 3))));
    return;
  }
  for (let i = 0; i < n; i++) store<f64>(o + (<usize>i << 3), unaryF64(op, load<f64>(x + (<usize>(i * sx) << 3))));
}

export function rowI32(op: i32, x: usize, sx: i32, o: usize, n: i32): void {
  if (boolOut(op)) {
    for (let i = 0; i < n; i++) store<u8>(o + <usize>i, <u8>unaryI32(op, load<i32>(x + (<usize>(i * sx) << 2))));
    return;
  }
  for (let i = 0; i < n; i++) store<i32>(o + (<usize>i << 2), unaryI32(op, load<i32>(x + (<usize>(i * sx) << 2))));
}

export function rowU8(op: i32, x: usize, sx: i32, o: usize, n: i32): void {
  // bool values are 0/1; a result is true when non-zero (NaN included), as the cpu backend does
  for (let i = 0; i < n; i++) store<u8>(o + <usize>i, unaryF64(op, <f64>load<u8>(x + <usize>(i * sx))) != 0 ? 1 : 0);
}

/**
 * out[i] = op(x[...]) for flat output indices [start, end). `x` points at the view's first element; `meta` is
 * [rank, shape, strides]. Output elements are 1 byte for bool-valued ops, else the input's element size.
 */
export function unary(dtype: i32, op: i32, meta: usize, x: usize, out: usize, start: i32, end: i32): void {
  const rank = metaRank(meta);
  const L = metaInner(meta, rank);
  const sx = metaInnerStride(meta, rank, 0);
  const xs: i32 = dtype == F64 ? 3 : dtype == U8 ? 0 : 2;
  const os: i32 = boolOut(op) ? 0 : xs;
  let i = start;
  while (i < end) {
    const row = i / L;
    const col = i - row * L;
    const n = minI(L - col, end - i);
    const px = x + (<usize>(rowOffset(meta, rank, 0, row) + col * sx) << xs);
    const po = out + (<usize>i << os);
    if (dtype == F32) rowF32(op, px, sx, po, n);
    else if (dtype == F64) rowF64(op, px, sx, po, n);
    else if (dtype == I32) rowI32(op, px, sx, po, n);
    else rowU8(op, px, sx, po, n);
    i += n;
  }
}
