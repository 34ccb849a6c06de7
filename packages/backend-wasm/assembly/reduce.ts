// Reductions over the middle axis of a contiguous [outer, R, inner] buffer. f32 sums accumulate in double
// precision (like the cpu backend's JS numbers) with f64x2 lanes, so accuracy does not depend on the length.
import { F32, F64, I32, U8 } from './common';

export const SUM = 0, PROD = 1, MAX = 2, MIN = 3, ANY = 4, ALL = 5, ARGMAX = 6, ARGMIN = 7;

@inline function ld(dtype: i32, x: usize, i: i32): f64 {
  if (dtype == F32) return <f64>load<f32>(x + (<usize>i << 2));
  if (dtype == F64) return load<f64>(x + (<usize>i << 3));
  if (dtype == I32) return <f64>load<i32>(x + (<usize>i << 2));
  return <f64>load<u8>(x + <usize>i);
}

/** Sum of n contiguous f32 in f64 lanes. */
function sumF32(x: usize, n: i32): f64 {
  let a0 = f64x2.splat(0), a1 = f64x2.splat(0), a2 = f64x2.splat(0), a3 = f64x2.splat(0);
  let i = 0;
  for (; i + 8 <= n; i += 8) {
    const p = x + (<usize>i << 2);
    const v0 = v128.load(p);
    const v1 = v128.load(p, 16);
    a0 = f64x2.add(a0, f64x2.promote_low_f32x4(v0));
    a1 = f64x2.add(a1, f64x2.promote_low_f32x4(i32x4.shuffle(v0, v0, 2, 3, 0, 1)));
    a2 = f64x2.add(a2, f64x2.promote_low_f32x4(v1));
    a3 = f64x2.add(a3, f64x2.promote_low_f32x4(i32x4.shuffle(v1, v1, 2, 3, 0, 1)));
  }
  const t = f64x2.add(f64x2.add(a0, a1), f64x2.add(a2, a3));
  let s = f64x2.extract_lane(t, 0) + f64x2.extract_lane(t, 1);
  for (; i < n; i++) s += <f64>load<f32>(x + (<usize>i << 2));
  return s;
}

/** max (isMax) or min of n contiguous f32; NaN propagates like wasm's f32x4.max. */
function extremeF32(x: usize, n: i32, isMax: bool): f32 {
  let i = 0;
  let m: f32 = isMax ? -Infinity : Infinity;
  if (n >= 16) {
    let v0 = v128.load(x), v1 = v128.load(x, 16), v2 = v128.load(x, 32), v3 = v128.load(x, 48);
    i = 16;
    if (isMax) {
      for (; i + 16 <= n; i += 16) {
        const p = x + (<usize>i << 2);
        v0 = f32x4.max(v0, v128.load(p)); v1 = f32x4.max(v1, v128.load(p, 16));
        v2 = f32x4.max(v2, v128.load(p, 32)); v3 = f32x4.max(v3, v128.load(p, 48));
      }
      const v = f32x4.max(f32x4.max(v0, v1), f32x4.max(v2, v3));
      m = max(max(f32x4.extract_lane(v, 0), f32x4.extract_lane(v, 1)), max(f32x4.extract_lane(v, 2), f32x4.extract_lane(v, 3)));
    } else {
      for (; i + 16 <= n; i += 16) {
        const p = x + (<usize>i << 2);
        v0 = f32x4.min(v0, v128.load(p)); v1 = f32x4.min(v1, v128.load(p, 16));
        v2 = f32x4.min(v2, v128.load(p, 32)); v3 = f32x4.min(v3, v128.load(p, 48));
      }
      const v = f32x4.min(f32x4.min(v0, v1), f32x4.min(v2, v3));
      m = min(min(f32x4.extract_lane(v, 0), f32x4.extract_lane(v, 1)), min(f32x4.extract_lane(v, 2), f32x4.extract_lane(v, 3)));
    }
  }
  for (; i < n; i++) {
    const v = load<f32>(x + (<usize>i << 2));
    m = isMax ? max(m, v) : min(m, v);
  }
  return m;
}

@inline function store1(outType: i32, out: usize, i: i32, v: f64): void {
  if (outType == F32) store<f32>(out + (<usize>i << 2), <f32>v);
  else if (outType == F64) store<f64>(out + (<usize>i << 3), v);
  else if (outType == I32) store<i32>(out + (<usize>i << 2), <i32>v);
  else store<u8>(out + <usize>i, <u8>v);
}

/** Generic reduction of R elements at stride `s` starting at element `base`; returns the value (or index). */
function reduceStrided(dtype: i32, op: i32, x: usize, base: i32, R: i32, s: i32): f64 {
  if (op == ARGMAX || op == ARGMIN) {
    if (R == 0) return 0;
    // first index on ties; the first NaN wins outright (as max/min propagate it)
    let best = ld(dtype, x, base);
    let bi = 0;
    for (let r = 1; r < R && best == best; r++) {
      const v = ld(dtype, x, base + r * s);
      if (v != v || (op == ARGMAX ? v > best : v < best)) { best = v; bi = r; }
    }
    return <f64>bi;
  }
  if (dtype == I32 && (op == SUM || op == PROD)) {
    // wrapping integer arithmetic, as int32 tensors do everywhere
    let acc: i32 = op == SUM ? 0 : 1;
    for (let r = 0; r < R; r++) {
      const v = load<i32>(x + (<usize>(base + r * s) << 2));
      acc = op == SUM ? acc + v : acc * v;
    }
    return <f64>acc;
  }
  switch (op) {
    case SUM: { let a = 0.0; for (let r = 0; r < R; r++) a += ld(dtype, x, base + r * s); return a; }
    case PROD: { let a = 1.0; for (let r = 0; r < R; r++) a *= ld(dtype, x, base + r * s); return a; }
    case MAX: {
      let a: f64 = dtype == I32 ? -2147483648.0 : dtype == U8 ? 0 : -Infinity;
      for (let r = 0; r < R; r++) a = max(a, ld(dtype, x, base + r * s));
      return a;
    }
    case MIN: {
      let a: f64 = dtype == I32 ? 2147483647.0 : dtype == U8 ? 1 : Infinity;
      for (let r = 0; r < R; r++) a = min(a, ld(dtype, x, base + r * s));
      return a;
    }
    case ANY: { for (let r = 0; r < R; r++) if (ld(dtype, x, base + r * s) != 0) return 1; return 0; }
    default: { for (let r = 0; r < R; r++) if (ld(dtype, x, base + r * s) == 0) return 0; return 1; }
  }
}

// Column sums of f32 [R, inner] rows in blocks of 8 columns with f64 lanes; stays sequential in memory per row.
function sumColsF32(x: usize, R: i32, inner: i32, out: usize, j0: i32, j1: i32): void {
  let j = j0;
  for (; j + 8 <= j1; j += 8) {
    let a0 = f64x2.splat(0), a1 = f64x2.splat(0), a2 = f64x2.splat(0), a3 = f64x2.splat(0);
    let p = x + (<usize>j << 2);
    const step = <usize>inner << 2;
    for (let r = 0; r < R; r++) {
      const v0 = v128.load(p);
      const v1 = v128.load(p, 16);
      a0 = f64x2.add(a0, f64x2.promote_low_f32x4(v0));
      a1 = f64x2.add(a1, f64x2.promote_low_f32x4(i32x4.shuffle(v0, v0, 2, 3, 0, 1)));
      a2 = f64x2.add(a2, f64x2.promote_low_f32x4(v1));
      a3 = f64x2.add(a3, f64x2.promote_low_f32x4(i32x4.shuffle(v1, v1, 2, 3, 0, 1)));
      p += step;
    }
    const q = out + (<usize>j << 2);
    v128.store(q, i32x4.shuffle(f32x4.demote_f64x2_zero(a0), f32x4.demote_f64x2_zero(a1), 0, 1, 4, 5));
    v128.store(q, i32x4.shuffle(f32x4.demote_f64x2_zero(a2), f32x4.demote_f64x2_zero(a3), 0, 1, 4, 5), 16);
  }
  for (; j < j1; j++) store<f32>(out + (<usize>j << 2), <f32>reduceStrided(F32, SUM, x, j, R, inner));
}

/**
 * Reduces [outer, R, inner] over R for outer rows [o0, o1). outType is the output dtype code (int32 for arg ops,
 * bool for any/all).
 */
export function reduce(dtype: i32, op: i32, outType: i32, x: usize, R: i32, inner: i32, out: usize, o0: i32, o1: i32): void {
  const es: i32 = dtype == F64 ? 3 : dtype == U8 ? 0 : 2;
  const os: i32 = outType == F64 ? 3 : outType == U8 ? 0 : 2;
  for (let o = o0; o < o1; o++) {
    const xo = x + (<usize>(o * R * inner) << es);
    const oo = out + (<usize>(o * inner) << os);
    if (inner == 1) {
      if (dtype == F32 && op == SUM) store<f32>(oo, <f32>sumF32(xo, R));
      else if (dtype == F32 && (op == MAX || op == MIN)) store<f32>(oo, extremeF32(xo, R, op == MAX));
      else store1(outType, oo, 0, reduceStrided(dtype, op, xo, 0, R, 1));
    } else if (dtype == F32 && op == SUM) {
      sumColsF32(xo, R, inner, oo, 0, inner);
    } else {
      for (let j = 0; j < inner; j++) store1(outType, oo, j, reduceStrided(dtype, op, xo, j, R, inner));
    }
  }
}
