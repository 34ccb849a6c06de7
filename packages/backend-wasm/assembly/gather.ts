// Gather and scatter-add along one axis of [outer, axisSize, inner] buffers.
import { F32, F64, I32 } from './common';

/** out[o, i, j] = x[o, idx[i], j] (0 when idx[i] is out of range) for outer rows [o0, o1). */
export function gather(es: i32, x: usize, idx: usize, out: usize, axisSize: i32, inner: i32, numIdx: i32, o0: i32, o1: i32): void {
  const rowBytes = <usize>inner << es;
  for (let o = o0; o < o1; o++) {
    const xo = x + <usize>(o * axisSize) * rowBytes;
    let oo = out + <usize>(o * numIdx) * rowBytes;
    for (let i = 0; i < numIdx; i++) {
      const k = load<i32>(idx + (<usize>i << 2));
      if (k >= 0 && k < axisSize) {
        const src = xo + <usize>k * rowBytes;
        if (inner == 1) {
          if (es == 2) store<u32>(oo, load<u32>(src));
          else if (es == 3) store<u64>(oo, load<u64>(src));
          else store<u8>(oo, load<u8>(src));
        } else memory.copy(oo, src, rowBytes);
      } else memory.fill(oo, 0, rowBytes);
      oo += rowBytes;
    }
  }
}

/** out[o, idx[i], j] += updates[o, i, j]; indices out of range are skipped. Serial: indices may repeat. */
export function scatterAdd(dtype: i32, upd: usize, idx: usize, out: usize, outer: i32, axisSize: i32, inner: i32, numIdx: i32): void {
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < numIdx; i++) {
      const k = load<i32>(idx + (<usize>i << 2));
      if (k < 0 || k >= axisSize) continue;
      const u = (o * numIdx + i) * inner;
      const t = (o * axisSize + k) * inner;
      if (dtype == F32) {
        let j = 0;
        const pu = upd + (<usize>u << 2);
        const pt = out + (<usize>t << 2);
        for (; j + 4 <= inner; j += 4) {
          const off = <usize>j << 2;
          v128.store(pt + off, f32x4.add(v128.load(pt + off), v128.load(pu + off)));
        }
        for (; j < inner; j++) {
          const off = <usize>j << 2;
          store<f32>(pt + off, load<f32>(pt + off) + load<f32>(pu + off));
        }
      } else if (dtype == F64) {
        for (let j = 0; j < inner; j++) {
          const pt = out + (<usize>(t + j) << 3);
          store<f64>(pt, load<f64>(pt) + load<f64>(upd + (<usize>(u + j) << 3)));
        }
      } else if (dtype == I32) {
        for (let j = 0; j < inner; j++) {
          const pt = out + (<usize>(t + j) << 2);
          store<i32>(pt, load<i32>(pt) + load<i32>(upd + (<usize>(u + j) << 2)));
        }
      } else {
        for (let j = 0; j < inner; j++) {
          const pt = out + <usize>(t + j);
          store<u8>(pt, load<u8>(pt) + load<u8>(upd + <usize>(u + j)));
        }
      }
    }
  }
}

/** Cumulative sum along the middle axis of [outer, size, inner]; f32 accumulates in double precision. */
export function cumsum(dtype: i32, x: usize, out: usize, outer: i32, size: i32, inner: i32, exclusive: bool, reverse: bool): void {
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < inner; j++) {
      const base = o * size * inner + j;
      let accF = 0.0;
      let accI: i32 = 0;
      for (let t = 0; t < size; t++) {
        const s = reverse ? size - 1 - t : t;
        const e = base + s * inner;
        if (dtype == F32) {
          const v = <f64>load<f32>(x + (<usize>e << 2));
          if (exclusive) { store<f32>(out + (<usize>e << 2), <f32>accF); accF += v; }
          else { accF += v; store<f32>(out + (<usize>e << 2), <f32>accF); }
        } else if (dtype == F64) {
          const v = load<f64>(x + (<usize>e << 3));
          if (exclusive) { store<f64>(out + (<usize>e << 3), accF); accF += v; }
          else { accF += v; store<f64>(out + (<usize>e << 3), accF); }
        } else if (dtype == I32) {
          const v = load<i32>(x + (<usize>e << 2));
          if (exclusive) { store<i32>(out + (<usize>e << 2), accI); accI += v; }
          else { accI += v; store<i32>(out + (<usize>e << 2), accI); }
        } else {
          const v = <i32>load<u8>(x + <usize>e);
          if (exclusive) { store<u8>(out + <usize>e, <u8>accI); accI += v; }
          else { accI += v; store<u8>(out + <usize>e, <u8>accI); }
        }
      }
    }
  }
}
