// Softmax / logSoftmax along the last axis of contiguous [outer, size] rows. f32 rows take three passes over a row
// that sits in L1: the max (and the min, which tells whether the exp needs its underflow clamp); exp(x - max)
// stored and summed (exp-shifted.ts); then the scale (softmax, fused with the next row's max) or
// (x - max) - log(sum) (logSoftmax). The exp loop is bound by the FP pipes (~18 SIMD operations per 4 floats), so
// one operation fewer there is worth more than a pmin per vector in the load/store-bound max pass.
import { F32 } from './common';
import { rowExpSumF32, rowMaxF32 } from './exp-shifted';

/** Rows [r0, r1) of f32 softmax / logSoftmax. */
function rowsF32(x: usize, out: usize, n: i32, log: bool, r0: i32, r1: i32): void {
  const bytes = <usize>n << 2;
  // A row of -inf (or with +inf) gives NaN from inf - inf, and a NaN entry makes the sum NaN: every output of that
  // row is then NaN, as on the cpu backend.
  let m = rowMaxF32(x + <usize>r0 * bytes, n);
  for (let r = r0; r < r1; r++) {
    const px = x + <usize>r * bytes;
    const po = out + <usize>r * bytes;
    // the row after this one (the last row reads itself again; that max is not used)
    const next = r + 1 < r1 ? px + bytes : px;
    const sum = rowExpSumF32(px, po, n, m, !log);
    if (!log) {
      m = rowMaxF32(next, n, po, <f32>(1.0 / sum));
      continue;
    }
    // (x - m) - log(sum): subtracting m first keeps entries near the max exact when |m| is large
    const ls = <f32>Math.log(sum);
    const vm = f32x4.splat(m);
    const vl = f32x4.splat(ls);
    let i = 0;
    for (; i + 8 <= n; i += 8) {
      const p = px + (<usize>i << 2);
      const q = po + (<usize>i << 2);
      v128.store(q, f32x4.sub(f32x4.sub(v128.load(p), vm), vl));
      v128.store(q, f32x4.sub(f32x4.sub(v128.load(p, 16), vm), vl), 16);
    }
    for (; i < n; i++) store<f32>(po + (<usize>i << 2), (load<f32>(px + (<usize>i << 2)) - m) - ls);
    m = rowMaxF32(next, n);
  }
}

function rowF64(x: usize, o: usize, n: i32, log: bool): void {
  let m = -Infinity;
  for (let i = 0; i < n; i++) m = max(m, load<f64>(x + (<usize>i << 3)));
  let sum = 0.0;
  for (let i = 0; i < n; i++) {
    const e = Math.exp(load<f64>(x + (<usize>i << 3)) - m);
    if (!log) store<f64>(o + (<usize>i << 3), e);
    sum += e;
  }
  if (log) {
    const ls = m + Math.log(sum);
    for (let i = 0; i < n; i++) store<f64>(o + (<usize>i << 3), load<f64>(x + (<usize>i << 3)) - ls);
  } else {
    for (let i = 0; i < n; i++) store<f64>(o + (<usize>i << 3), load<f64>(o + (<usize>i << 3)) / sum);
  }
}

/** Softmax (or logSoftmax) of rows [r0, r1). */
export function softmax(dtype: i32, x: usize, out: usize, size: i32, log: bool, r0: i32, r1: i32): void {
  if (r0 >= r1) return;
  if (dtype == F32) {
    rowsF32(x, out, size, log, r0, r1);
    return;
  }
  for (let r = r0; r < r1; r++) rowF64(x + (<usize>(r * size) << 3), out + (<usize>(r * size) << 3), size, log);
}
