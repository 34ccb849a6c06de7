// Softmax / logSoftmax along the last axis of contiguous [outer, size] rows. f32 rows: SIMD max, SIMD exp with the
// row sum accumulated in f64 lanes, then one SIMD scale pass.
import { F32 } from './common';
import { expV, expNegV } from './math';

function rowF32(x: usize, o: usize, n: i32, log: bool): void {
  // max with pmax (one instruction) plus a separate NaN mask: wasm's f32x4.max costs several on x64
  let m: f32 = -Infinity;
  let i = 0;
  let vm = f32x4.splat(-Infinity);
  let vm2 = f32x4.splat(-Infinity);
  let nan = i32x4.splat(0);
  for (; i + 8 <= n; i += 8) {
    const v0 = v128.load(x + (<usize>i << 2));
    const v1 = v128.load(x + (<usize>i << 2), 16);
    vm = f32x4.pmax(vm, v0);
    vm2 = f32x4.pmax(vm2, v1);
    nan = v128.or(nan, v128.or(f32x4.ne(v0, v0), f32x4.ne(v1, v1)));
  }
  vm = f32x4.pmax(vm, vm2);
  m = max(max(f32x4.extract_lane(vm, 0), f32x4.extract_lane(vm, 1)), max(f32x4.extract_lane(vm, 2), f32x4.extract_lane(vm, 3)));
  if (v128.any_true(nan)) m = NaN;
  for (; i < n; i++) m = max(m, load<f32>(x + (<usize>i << 2)));
  // a row of -inf (or with +inf) would give NaN from inf - inf: the cpu backend gives NaN there too
  const vmax = f32x4.splat(m);
  // f32 partial sums in 8 lanes: for a row of n terms the error stays ~n/8 ulp, far inside the accumulation
  // tolerance, and it is several instructions per vector cheaper than widening to f64
  let s0 = f32x4.splat(0), s1 = f32x4.splat(0);
  i = 0;
  if (log) {
    for (; i + 8 <= n; i += 8) {
      const p = x + (<usize>i << 2);
      s0 = f32x4.add(s0, expNegV(f32x4.sub(v128.load(p), vmax)));
      s1 = f32x4.add(s1, expNegV(f32x4.sub(v128.load(p, 16), vmax)));
    }
  } else {
    for (; i + 8 <= n; i += 8) {
      const p = x + (<usize>i << 2);
      const q = o + (<usize>i << 2);
      const e0 = expNegV(f32x4.sub(v128.load(p), vmax));
      const e1 = expNegV(f32x4.sub(v128.load(p, 16), vmax));
      v128.store(q, e0);
      v128.store(q, e1, 16);
      s0 = f32x4.add(s0, e0);
      s1 = f32x4.add(s1, e1);
    }
  }
  const st = f32x4.add(s0, s1);
  let sum = <f64>f32x4.extract_lane(st, 0) + <f64>f32x4.extract_lane(st, 1) + <f64>f32x4.extract_lane(st, 2) + <f64>f32x4.extract_lane(st, 3);
  for (; i < n; i++) {
    const e = f32x4.extract_lane(expV(f32x4.splat(load<f32>(x + (<usize>i << 2)) - m)), 0);
    if (!log) store<f32>(o + (<usize>i << 2), e);
    sum += <f64>e;
  }
  i = 0;
  if (log) {
    const sub = f32x4.splat(m + <f32>Math.log(sum));
    for (; i + 4 <= n; i += 4) v128.store(o + (<usize>i << 2), f32x4.sub(v128.load(x + (<usize>i << 2)), sub));
    const ss = m + <f32>Math.log(sum);
    for (; i < n; i++) store<f32>(o + (<usize>i << 2), load<f32>(x + (<usize>i << 2)) - ss);
  } else {
    const inv = <f32>(1.0 / sum);
    const vi = f32x4.splat(inv);
    for (; i + 4 <= n; i += 4) v128.store(o + (<usize>i << 2), f32x4.mul(v128.load(o + (<usize>i << 2)), vi));
    for (; i < n; i++) store<f32>(o + (<usize>i << 2), load<f32>(o + (<usize>i << 2)) * inv);
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
  const es: i32 = dtype == F32 ? 2 : 3;
  for (let r = r0; r < r1; r++) {
    const px = x + (<usize>(r * size) << es);
    const po = out + (<usize>(r * size) << es);
    if (dtype == F32) rowF32(px, po, size, log);
    else rowF64(px, po, size, log);
  }
}
