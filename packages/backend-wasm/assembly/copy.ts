// Data movement: strided copy, fill, select and cast. They work on raw element sizes where the dtype does not
// matter, so one loop serves f32 and int32 alike.
import { F32, F64, I32, U8, toI32, rowOffset, metaRank, metaInner, metaInnerStride, minI, shiftOf } from './common';

@inline function copyRow(es: i32, s: usize, ss: i32, d: usize, ds: i32, n: i32): void {
  if (ss == 1 && ds == 1) {
    memory.copy(d, s, <usize>n << es);
    return;
  }
  if (es == 2) for (let i = 0; i < n; i++) store<u32>(d + (<usize>(i * ds) << 2), load<u32>(s + (<usize>(i * ss) << 2)));
  else if (es == 3) for (let i = 0; i < n; i++) store<u64>(d + (<usize>(i * ds) << 3), load<u64>(s + (<usize>(i * ss) << 3)));
  else for (let i = 0; i < n; i++) store<u8>(d + <usize>(i * ds), load<u8>(s + <usize>(i * ss)));
}

/** dst[view] = src[view] for flat indices [start, end) of the shared shape; meta = [rank, shape, sStrides, dStrides]. */
export function copy(es: i32, meta: usize, src: usize, dst: usize, start: i32, end: i32): void {
  const rank = metaRank(meta);
  const L = metaInner(meta, rank);
  const ss = metaInnerStride(meta, rank, 0);
  const ds = metaInnerStride(meta, rank, 1);
  let i = start;
  while (i < end) {
    const row = i / L;
    const col = i - row * L;
    const n = minI(L - col, end - i);
    const ps = src + (<usize>(rowOffset(meta, rank, 0, row) + col * ss) << es);
    const pd = dst + (<usize>(rowOffset(meta, rank, 1, row) + col * ds) << es);
    if (es == 2) copyRow(2, ps, ss, pd, ds, n);
    else if (es == 3) copyRow(3, ps, ss, pd, ds, n);
    else copyRow(0, ps, ss, pd, ds, n);
    i += n;
  }
}

/** Fills a strided window with `value` converted to the dtype (as a typed array store would); meta = [rank, shape, strides]. */
export function fill(dtype: i32, meta: usize, dst: usize, value: f64, start: i32, end: i32): void {
  const es: i32 = dtype == F64 ? 3 : dtype == U8 ? 0 : 2;
  const bits: u64 = dtype == U8 ? (value != 0 ? 1 : 0) : dtype == F64 ? reinterpret<u64>(value) : dtype == F32 ? <u64>reinterpret<u32>(<f32>value) : <u64><u32>toI32(value);
  const rank = metaRank(meta);
  const L = metaInner(meta, rank);
  const ds = metaInnerStride(meta, rank, 0);
  let i = start;
  while (i < end) {
    const row = i / L;
    const col = i - row * L;
    const n = minI(L - col, end - i);
    const pd = dst + (<usize>(rowOffset(meta, rank, 0, row) + col * ds) << es);
    if (es == 0) {
      if (ds == 1) memory.fill(pd, <u8>bits, <usize>n);
      else for (let j = 0; j < n; j++) store<u8>(pd + <usize>(j * ds), <u8>bits);
    } else if (es == 2) {
      let j = 0;
      if (ds == 1) {
        const v = i32x4.splat(<i32>bits);
        for (; j + 4 <= n; j += 4) v128.store(pd + (<usize>j << 2), v);
      }
      for (; j < n; j++) store<u32>(pd + (<usize>(j * ds) << 2), <u32>bits);
    } else {
      for (let j = 0; j < n; j++) store<u64>(pd + (<usize>(j * ds) << 3), bits);
    }
    i += n;
  }
}

/** out = cond ? a : b; meta = [rank, shape, condStrides, aStrides, bStrides]; es = element size of a/b/out. */
export function select(es: i32, meta: usize, cond: usize, a: usize, b: usize, out: usize, start: i32, end: i32): void {
  const rank = metaRank(meta);
  const L = metaInner(meta, rank);
  const sc = metaInnerStride(meta, rank, 0);
  const sa = metaInnerStride(meta, rank, 1);
  const sb = metaInnerStride(meta, rank, 2);
  let i = start;
  while (i < end) {
    const row = i / L;
    const col = i - row * L;
    const n = minI(L - col, end - i);
    const pc = cond + <usize>(rowOffset(meta, rank, 0, row) + col * sc);
    const pa = a + (<usize>(rowOffset(meta, rank, 1, row) + col * sa) << es);
    const pb = b + (<usize>(rowOffset(meta, rank, 2, row) + col * sb) << es);
    const po = out + (<usize>i << es);
    if (es == 2) {
      for (let j = 0; j < n; j++) {
        const c = load<u8>(pc + <usize>(j * sc));
        store<u32>(po + (<usize>j << 2), c != 0 ? load<u32>(pa + (<usize>(j * sa) << 2)) : load<u32>(pb + (<usize>(j * sb) << 2)));
      }
    } else if (es == 3) {
      for (let j = 0; j < n; j++) {
        const c = load<u8>(pc + <usize>(j * sc));
        store<u64>(po + (<usize>j << 3), c != 0 ? load<u64>(pa + (<usize>(j * sa) << 3)) : load<u64>(pb + (<usize>(j * sb) << 3)));
      }
    } else {
      for (let j = 0; j < n; j++) {
        const c = load<u8>(pc + <usize>(j * sc));
        store<u8>(po + <usize>j, c != 0 ? load<u8>(pa + <usize>(j * sa)) : load<u8>(pb + <usize>(j * sb)));
      }
    }
    i += n;
  }
}

@inline export function loadAs(dtype: i32, p: usize): f64 {
  if (dtype == F32) return <f64>load<f32>(p);
  if (dtype == F64) return load<f64>(p);
  if (dtype == I32) return <f64>load<i32>(p);
  return <f64>load<u8>(p);
}

/** One row of the cast: float->int32 is ToInt32 (NaN -> 0, wrapping), to bool is x != 0. */
@inline export function castRow(inT: i32, outT: i32, x: usize, sx: i32, o: usize, n: i32): void {
  const is = shiftOf(inT);
  const os = shiftOf(outT);
  for (let j = 0; j < n; j++) {
    const p = x + (<usize>(j * sx) << is);
    const q = o + (<usize>j << os);
    if (outT == I32 && inT == I32) store<i32>(q, load<i32>(p));
    else {
      const v = loadAs(inT, p);
      if (outT == F32) store<f32>(q, <f32>v);
      else if (outT == F64) store<f64>(q, v);
      else if (outT == I32) store<i32>(q, toI32(v));
      else store<u8>(q, v != 0 ? 1 : 0);
    }
  }
}

/** Elementwise dtype conversion: float->int truncates (NaN -> 0, ToInt32 wrapping), to bool is x != 0. */
export function cast(inType: i32, outType: i32, meta: usize, x: usize, out: usize, start: i32, end: i32): void {
  const rank = metaRank(meta);
  const L = metaInner(meta, rank);
  const sx = metaInnerStride(meta, rank, 0);
  const is = shiftOf(inType);
  const os = shiftOf(outType);
  let i = start;
  while (i < end) {
    const row = i / L;
    const col = i - row * L;
    const n = minI(L - col, end - i);
    castRow(inType, outType, x + (<usize>(rowOffset(meta, rank, 0, row) + col * sx) << is), sx, out + (<usize>i << os), n);
    i += n;
  }
}
