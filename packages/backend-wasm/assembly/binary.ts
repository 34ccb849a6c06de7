// Binary elementwise kernels and comparisons. f32 rows get SIMD variants for the stride patterns that matter:
// both contiguous, scalar broadcast on either side; anything else walks the strides.
import { F32, F64, I32, U8, toI32, rowOffset, metaRank, metaInner, metaInnerStride, minI } from './common';
import { powC, powI, fmodFloor } from './math';

export const ADD = 0, SUB = 1, MUL = 2, DIV = 3, FLOOR_DIV = 4, MOD = 5, POW = 6, MAXIMUM = 7, MINIMUM = 8,
  ATAN2 = 9, LOGICAL_AND = 10, LOGICAL_OR = 11, LOGICAL_XOR = 12;
export const EQUAL = 0, NOT_EQUAL = 1, LESS = 2, LESS_EQUAL = 3, GREATER = 4, GREATER_EQUAL = 5;

@inline export function binF64(op: i32, a: f64, b: f64): f64 {
  switch (op) {
    case ADD: return a + b;
    case SUB: return a - b;
    case MUL: return a * b;
    case DIV: return a / b;
    case FLOOR_DIV: return Math.floor(a / b);
    case MOD: return fmodFloor(a, b);
    case POW: return powC(a, b);
    case MAXIMUM: return max<f64>(a, b); // wasm max: NaN propagates
    case MINIMUM: return min<f64>(a, b);
    case ATAN2: return Math.atan2(a, b);
    case LOGICAL_AND: return a != 0 && b != 0 ? 1.0 : 0.0;
    case LOGICAL_OR: return a != 0 || b != 0 ? 1.0 : 0.0;
    case LOGICAL_XOR: return (a != 0) != (b != 0) ? 1.0 : 0.0;
    default: return NaN;
  }
}

/** TensorFlow int32 semantics: wrapping add/sub/mul, division by zero gives 0, floorDiv floors, mod follows b. */
@inline export function binI32(op: i32, a: i32, b: i32): i32 {
  switch (op) {
    case ADD: return a + b;
    case SUB: return a - b;
    case MUL: return a * b;
    case DIV: return b == 0 ? 0 : b == -1 ? -a : a / b; // -a wraps for INT_MIN instead of trapping
    case FLOOR_DIV: {
      if (b == 0) return 0;
      if (b == -1) return -a;
      const q = a / b;
      return q * b != a && (a < 0) != (b < 0) ? q - 1 : q;
    }
    case MOD: {
      if (b == 0) return 0;
      const r = b == -1 ? 0 : a % b;
      return r != 0 && (r < 0) != (b < 0) ? r + b : r;
    }
    case POW: return powI(a, b);
    case MAXIMUM: return a > b ? a : b;
    case MINIMUM: return a < b ? a : b;
    case ATAN2: return toI32(Math.atan2(<f64>a, <f64>b));
    case LOGICAL_AND: return a != 0 && b != 0 ? 1 : 0;
    case LOGICAL_OR: return a != 0 || b != 0 ? 1 : 0;
    case LOGICAL_XOR: return (a != 0) != (b != 0) ? 1 : 0;
    default: return 0;
  }
}

@inline function simdOp(op: i32): bool {
  return op <= DIV || op == MAXIMUM || op == MINIMUM;
}

@inline function binV(op: i32, a: v128, b: v128): v128 {
  switch (op) {
    case ADD: return f32x4.add(a, b);
    case SUB: return f32x4.sub(a, b);
    case MUL: return f32x4.mul(a, b);
    case DIV: return f32x4.div(a, b);
    case MAXIMUM: return f32x4.max(a, b);
    default: return f32x4.min(a, b);
  }
}

@inline function binS32(op: i32, a: f32, b: f32): f32 {
  switch (op) {
    case ADD: return a + b;
    case SUB: return a - b;
    case MUL: return a * b;
    case DIV: return a / b;
    case MAXIMUM: return max<f32>(a, b);
    default: return min<f32>(a, b);
  }
}

// Specialised f32 SIMD rows: `mode` 0 both contiguous, 1 b scalar, 2 a scalar. 16 elements per iteration with
// the pointers bumped (no index arithmetic per access): these loops run at the memory's speed, so the fewer
// instructions around the loads and stores, the closer they get to it.
@inline function rowV(op: i32, mode: i32, a: usize, b: usize, o: usize, n: i32): void {
  const end = o + (<usize>(n & ~15) << 2);
  if (mode == 0) {
    while (o < end) {
      v128.store(o, binV(op, v128.load(a), v128.load(b)));
      v128.store(o, binV(op, v128.load(a, 16), v128.load(b, 16)), 16);
      v128.store(o, binV(op, v128.load(a, 32), v128.load(b, 32)), 32);
      v128.store(o, binV(op, v128.load(a, 48), v128.load(b, 48)), 48);
      a += 64; b += 64; o += 64;
    }
    for (let i = n & ~15; i < n; i++) { store<f32>(o, binS32(op, load<f32>(a), load<f32>(b))); a += 4; b += 4; o += 4; }
  } else if (mode == 1) {
    const sb = load<f32>(b);
    const vb = f32x4.splat(sb);
    while (o < end) {
      v128.store(o, binV(op, v128.load(a), vb));
      v128.store(o, binV(op, v128.load(a, 16), vb), 16);
      v128.store(o, binV(op, v128.load(a, 32), vb), 32);
      v128.store(o, binV(op, v128.load(a, 48), vb), 48);
      a += 64; o += 64;
    }
    for (let i = n & ~15; i < n; i++) { store<f32>(o, binS32(op, load<f32>(a), sb)); a += 4; o += 4; }
  } else {
    const sa = load<f32>(a);
    const va = f32x4.splat(sa);
    while (o < end) {
      v128.store(o, binV(op, va, v128.load(b)));
      v128.store(o, binV(op, va, v128.load(b, 16)), 16);
      v128.store(o, binV(op, va, v128.load(b, 32)), 32);
      v128.store(o, binV(op, va, v128.load(b, 48)), 48);
      b += 64; o += 64;
    }
    for (let i = n & ~15; i < n; i++) { store<f32>(o, binS32(op, sa, load<f32>(b))); b += 4; o += 4; }
  }
}

export function rowF32(op: i32, a: usize, sa: i32, b: usize, sb: i32, o: usize, n: i32): void {
  if (simdOp(op)) {
    const mode = sa == 1 && sb == 1 ? 0 : sa == 1 && sb == 0 ? 1 : sa == 0 && sb == 1 ? 2 : 3;
    if (mode < 3) {
      switch (op) {
        case ADD: if (mode == 0) rowV(ADD, 0, a, b, o, n); else if (mode == 1) rowV(ADD, 1, a, b, o, n); else rowV(ADD, 2, a, b, o, n); return;
        case SUB: if (mode == 0) rowV(SUB, 0, a, b, o, n); else if (mode == 1) rowV(SUB, 1, a, b, o, n); else rowV(SUB, 2, a, b, o, n); return;
        case MUL: if (mode == 0) rowV(MUL, 0, a, b, o, n); else if (mode == 1) rowV(MUL, 1, a, b, o, n); else rowV(MUL, 2, a, b, o, n); return;
        case DIV: if (mode == 0) rowV(DIV, 0, a, b, o, n); else if (mode == 1) rowV(DIV, 1, a, b, o, n); else rowV(DIV, 2, a, b, o, n); return;
        case MAXIMUM: if (mode == 0) rowV(MAXIMUM, 0, a, b, o, n); else if (mode == 1) rowV(MAXIMUM, 1, a, b, o, n); else rowV(MAXIMUM, 2, a, b, o, n); return;
        default: if (mode == 0) rowV(MINIMUM, 0, a, b, o, n); else if (mode == 1) rowV(MINIMUM, 1, a, b, o, n); else rowV(MINIMUM, 2, a, b, o, n); return;
      }
    }
    for (let i = 0; i < n; i++) {
      store<f32>(o + (<usize>i << 2), binS32(op, load<f32>(a + (<usize>(i * sa) << 2)), load<f32>(b + (<usize>(i * sb) << 2))));
    }
    return;
  }
  for (let i = 0; i < n; i++) {
    const x = <f64>load<f32>(a + (<usize>(i * sa) << 2));
    const y = <f64>load<f32>(b + (<usize>(i * sb) << 2));
    store<f32>(o + (<usize>i << 2), <f32>binF64(op, x, y));
  }
}

export function rowF64(op: i32, a: usize, sa: i32, b: usize, sb: i32, o: usize, n: i32): void {
  for (let i = 0; i < n; i++) {
    store<f64>(o + (<usize>i << 3), binF64(op, load<f64>(a + (<usize>(i * sa) << 3)), load<f64>(b + (<usize>(i * sb) << 3))));
  }
}

export function rowI32(op: i32, a: usize, sa: i32, b: usize, sb: i32, o: usize, n: i32): void {
  if (op == ADD && sa == 1 && sb == 1) {
    let i = 0;
    for (; i + 4 <= n; i += 4) v128.store(o + (<usize>i << 2), i32x4.add(v128.load(a + (<usize>i << 2)), v128.load(b + (<usize>i << 2))));
    for (; i < n; i++) store<i32>(o + (<usize>i << 2), load<i32>(a + (<usize>i << 2)) + load<i32>(b + (<usize>i << 2)));
    return;
  }
  for (let i = 0; i < n; i++) {
    store<i32>(o + (<usize>i << 2), binI32(op, load<i32>(a + (<usize>(i * sa) << 2)), load<i32>(b + (<usize>(i * sb) << 2))));
  }
}

export function rowU8(op: i32, a: usize, sa: i32, b: usize, sb: i32, o: usize, n: i32): void {
  for (let i = 0; i < n; i++) {
    store<u8>(o + <usize>i, binI32(op, <i32>load<u8>(a + <usize>(i * sa)), <i32>load<u8>(b + <usize>(i * sb))) != 0 ? 1 : 0);
  }
}

/** One row of a binary op on any dtype: the row function of `dt`. */
@inline export function binaryRow(dt: i32, op: i32, a: usize, sa: i32, b: usize, sb: i32, o: usize, n: i32): void {
  if (dt == F32) rowF32(op, a, sa, b, sb, o, n);
  else if (dt == F64) rowF64(op, a, sa, b, sb, o, n);
  else if (dt == I32) rowI32(op, a, sa, b, sb, o, n);
  else rowU8(op, a, sa, b, sb, o, n);
}

/**
 * Walks flat output indices [start, end) a row of the innermost axis at a time (meta = [rank, shape, aStrides,
 * bStrides]) and runs the binary (`cmp` false) or comparison (`cmp` true, bool output) row function on each.
 */
@inline function eachRow(cmp: bool, dtype: i32, op: i32, meta: usize, a: usize, b: usize, out: usize, start: i32, end: i32): void {
  const rank = metaRank(meta);
  const L = metaInner(meta, rank);
  const sa = metaInnerStride(meta, rank, 0);
  const sb = metaInnerStride(meta, rank, 1);
  const es: i32 = dtype == F64 ? 3 : dtype == U8 ? 0 : 2;
  let i = start;
  while (i < end) {
    const row = i / L;
    const col = i - row * L;
    const n = minI(L - col, end - i);
    const pa = a + (<usize>(rowOffset(meta, rank, 0, row) + col * sa) << es);
    const pb = b + (<usize>(rowOffset(meta, rank, 1, row) + col * sb) << es);
    if (cmp) compareRow(dtype, op, pa, sa, pb, sb, out + <usize>i, n);
    else binaryRow(dtype, op, pa, sa, pb, sb, out + (<usize>i << es), n);
    i += n;
  }
}

/** out = a op b over flat output indices [start, end); meta = [rank, shape, aStrides, bStrides]. */
export function binary(dtype: i32, op: i32, meta: usize, a: usize, b: usize, out: usize, start: i32, end: i32): void {
  eachRow(false, dtype, op, meta, a, b, out, start, end);
}

// One comparison body for every scalar type, so f64 and i32 cannot drift apart.
@inline function cmpT<T>(op: i32, a: T, b: T): u8 {
  switch (op) {
    case EQUAL: return <u8>(a == b);
    case NOT_EQUAL: return <u8>(a != b);
    case LESS: return <u8>(a < b);
    case LESS_EQUAL: return <u8>(a <= b);
    case GREATER: return <u8>(a > b);
    default: return <u8>(a >= b);
  }
}

@inline export function cmpF(op: i32, a: f64, b: f64): u8 {
  return cmpT<f64>(op, a, b);
}

@inline export function cmpI(op: i32, a: i32, b: i32): u8 {
  return cmpT<i32>(op, a, b);
}

@inline function cmpV(op: i32, a: v128, b: v128): v128 {
  switch (op) {
    case EQUAL: return f32x4.eq(a, b);
    case NOT_EQUAL: return f32x4.ne(a, b);
    case LESS: return f32x4.lt(a, b);
    case LESS_EQUAL: return f32x4.le(a, b);
    case GREATER: return f32x4.gt(a, b);
    default: return f32x4.ge(a, b);
  }
}

// 16 f32 comparisons narrowed to 16 bytes of 0/1; bStep 0 means b is one scalar (splatted).
@inline function cmp16(op: i32, a: usize, b: usize, bStep: usize, o: usize): void {
  const s = v128.load32_splat(b);
  const m0 = cmpV(op, v128.load(a), bStep == 0 ? s : v128.load(b));
  const m1 = cmpV(op, v128.load(a, 16), bStep == 0 ? s : v128.load(b, 16));
  const m2 = cmpV(op, v128.load(a, 32), bStep == 0 ? s : v128.load(b, 32));
  const m3 = cmpV(op, v128.load(a, 48), bStep == 0 ? s : v128.load(b, 48));
  const h0 = i16x8.narrow_i32x4_s(m0, m1);
  const h1 = i16x8.narrow_i32x4_s(m2, m3);
  v128.store(o, v128.and(i8x16.narrow_i16x8_s(h0, h1), i8x16.splat(1)));
}

export function cmpRowF32(op: i32, a: usize, sa: i32, b: usize, sb: i32, o: usize, n: i32): void {
  let i = 0;
  if (sa == 1 && (sb == 1 || sb == 0)) {
    const step: usize = sb == 1 ? 16 : 0;
    switch (op) {
      case EQUAL: for (; i + 16 <= n; i += 16) cmp16(EQUAL, a + (<usize>i << 2), b + (<usize>(i * sb) << 2), step, o + <usize>i); break;
      case NOT_EQUAL: for (; i + 16 <= n; i += 16) cmp16(NOT_EQUAL, a + (<usize>i << 2), b + (<usize>(i * sb) << 2), step, o + <usize>i); break;
      case LESS: for (; i + 16 <= n; i += 16) cmp16(LESS, a + (<usize>i << 2), b + (<usize>(i * sb) << 2), step, o + <usize>i); break;
      case LESS_EQUAL: for (; i + 16 <= n; i += 16) cmp16(LESS_EQUAL, a + (<usize>i << 2), b + (<usize>(i * sb) << 2), step, o + <usize>i); break;
      case GREATER: for (; i + 16 <= n; i += 16) cmp16(GREATER, a + (<usize>i << 2), b + (<usize>(i * sb) << 2), step, o + <usize>i); break;
      default: for (; i + 16 <= n; i += 16) cmp16(GREATER_EQUAL, a + (<usize>i << 2), b + (<usize>(i * sb) << 2), step, o + <usize>i); break;
    }
  }
  for (; i < n; i++) {
    store<u8>(o + <usize>i, cmpF(op, <f64>load<f32>(a + (<usize>(i * sa) << 2)), <f64>load<f32>(b + (<usize>(i * sb) << 2))));
  }
}

/** One row of a comparison on any dtype, to bool. */
@inline export function compareRow(dt: i32, op: i32, a: usize, sa: i32, b: usize, sb: i32, o: usize, n: i32): void {
  if (dt == F32) cmpRowF32(op, a, sa, b, sb, o, n);
  else if (dt == F64) {
    for (let j = 0; j < n; j++) store<u8>(o + <usize>j, cmpF(op, load<f64>(a + (<usize>(j * sa) << 3)), load<f64>(b + (<usize>(j * sb) << 3))));
  } else if (dt == I32) {
    for (let j = 0; j < n; j++) store<u8>(o + <usize>j, cmpI(op, load<i32>(a + (<usize>(j * sa) << 2)), load<i32>(b + (<usize>(j * sb) << 2))));
  } else {
    for (let j = 0; j < n; j++) store<u8>(o + <usize>j, cmpI(op, <i32>load<u8>(a + <usize>(j * sa)), <i32>load<u8>(b + <usize>(j * sb))));
  }
}

/** out (bool) = a op b over flat output indices [start, end). */
export function compare(dtype: i32, op: i32, meta: usize, a: usize, b: usize, out: usize, start: i32, end: i32): void {
  eachRow(true, dtype, op, meta, a, b, out, start, end);
}
