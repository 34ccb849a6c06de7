// Shared constants and helpers for the kernels. Every pointer is a byte offset into the one linear memory;
// every stride and size counts elements. The TypeScript side (src/codes.ts) mirrors these codes.

export const F32: i32 = 0;
export const F64: i32 = 1;
export const I32: i32 = 2;
export const U8: i32 = 3;

/** log2 of the element size of a dtype code. */
@inline export function shiftOf(dtype: i32): i32 {
  return dtype == F64 ? 3 : dtype == U8 ? 0 : 2;
}

/**
 * JavaScript's ToInt32 (what storing into an Int32Array does): NaN and infinities give 0, the rest wraps modulo
 * 2^32. The cpu backend is plain JS, so matching it here keeps float->int32 results identical.
 */
@inline export function toI32(x: f64): i32 {
  if (Math.abs(x) < 9.2e18) return <i32><i64>x;
  if (!isFinite(x)) return 0;
  return <i32><i64>(x % 4294967296.0);
}

/** ToUint8 (storing into a Uint8Array): the low 8 bits of ToInt32. */
@inline export function toU8(x: f64): u8 {
  return <u8>toI32(x);
}

/**
 * Element offset of operand `k` for row `row` of an elementwise iteration. `meta` holds i32 words:
 * [rank, shape[rank], strides of operand 0[rank], strides of operand 1[rank], ...]; rows run over every axis
 * but the last. Division per row (instead of a counter) keeps kernels re-entrant for threads.
 */
@inline export function rowOffset(meta: usize, rank: i32, k: i32, row: i32): i32 {
  let off = 0;
  let r = row;
  const shp = meta + 4;
  const st = meta + 4 + ((<usize>((1 + k) * rank)) << 2);
  for (let d = rank - 2; d >= 0; d--) {
    const s = load<i32>(shp + (<usize>d << 2));
    const q = r / s;
    off += (r - q * s) * load<i32>(st + (<usize>d << 2));
    r = q;
  }
  return off;
}

@inline export function metaRank(meta: usize): i32 {
  return load<i32>(meta);
}

/** Size of the last axis. */
@inline export function metaInner(meta: usize, rank: i32): i32 {
  return load<i32>(meta + 4 + (<usize>(rank - 1) << 2));
}

/** Stride of operand k along the last axis. */
@inline export function metaInnerStride(meta: usize, rank: i32, k: i32): i32 {
  return load<i32>(meta + 4 + (<usize>((1 + k) * rank + rank - 1) << 2));
}

@inline export function minI(a: i32, b: i32): i32 {
  return a < b ? a : b;
}
