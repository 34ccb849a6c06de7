/**
 * Reduce kernel over the middle axis of a contiguous `[outer, reduceSize, inner]` buffer.
 *
 * Two loop shapes per op, chosen once: `inner === 1` walks each contiguous row with a scalar accumulator;
 * otherwise whole rows of `inner` accumulators are updated at a time, so memory is still read in order.
 * Float sums accumulate in float64 (JS numbers), which is more accurate than float32 for free.
 * max/min propagate NaN; argMax/argMin return the first index on ties and the index of the first NaN.
 * int32 sum/prod wrap.
 */
import type { BackendDType, ReduceArgs, ReduceOp } from '@lab/core';
import { narrowHalfInto, unsupported, widenHalf } from '../strided.js';
import type { AnyArray, NumArray } from '../strided.js';

/** Row reduction (`inner === 1`): out[o] = reduce(x[o*n .. o*n+n]). */
function reduceRows(op: ReduceOp, isInt: boolean, x: NumArray, out: NumArray, outer: number, n: number): void {
  switch (op) {
    case 'sum':
      if (isInt) {
        for (let o = 0, b = 0; o < outer; o++, b += n) {
          let s = 0;
          for (let r = 0; r < n; r++) s = (s + x[b + r]) | 0;
          out[o] = s;
        }
      } else {
        for (let o = 0, b = 0; o < outer; o++, b += n) {
          // Four partial sums: independent adds pipeline better and round a little less.
          let s0 = 0;
          let s1 = 0;
          let s2 = 0;
          let s3 = 0;
          let r = 0;
          for (; r + 4 <= n; r += 4) {
            s0 += x[b + r];
            s1 += x[b + r + 1];
            s2 += x[b + r + 2];
            s3 += x[b + r + 3];
          }
          for (; r < n; r++) s0 += x[b + r];
          out[o] = s0 + s1 + (s2 + s3);
        }
      }
      return;
    case 'prod':
      for (let o = 0, b = 0; o < outer; o++, b += n) {
        let p = 1;
        if (isInt) for (let r = 0; r < n; r++) p = Math.imul(p, x[b + r]);
        else for (let r = 0; r < n; r++) p *= x[b + r];
        out[o] = p;
      }
      return;
    case 'max':
      for (let o = 0, b = 0; o < outer; o++, b += n) {
        let m = x[b];
        for (let r = 1; r < n && m === m; r++) {
          const v = x[b + r];
          if (v > m || v !== v) m = v;
        }
        out[o] = m;
      }
      return;
    case 'min':
      for (let o = 0, b = 0; o < outer; o++, b += n) {
        let m = x[b];
        for (let r = 1; r < n && m === m; r++) {
          const v = x[b + r];
          if (v < m || v !== v) m = v;
        }
        out[o] = m;
      }
      return;
    case 'argMax':
      for (let o = 0, b = 0; o < outer; o++, b += n) {
        let m = x[b];
        let k = 0;
        for (let r = 1; r < n && m === m; r++) {
          const v = x[b + r];
          if (v > m || v !== v) {
            m = v;
            k = r;
          }
        }
        out[o] = k;
      }
      return;
    case 'argMin':
      for (let o = 0, b = 0; o < outer; o++, b += n) {
        let m = x[b];
        let k = 0;
        for (let r = 1; r < n && m === m; r++) {
          const v = x[b + r];
          if (v < m || v !== v) {
            m = v;
            k = r;
          }
        }
        out[o] = k;
      }
      return;
    case 'any':
      for (let o = 0, b = 0; o < outer; o++, b += n) {
        let f = 0;
        for (let r = 0; r < n; r++) {
          if (x[b + r] !== 0) {
            f = 1;
            break;
          }
        }
        out[o] = f;
      }
      return;
    case 'all':
      for (let o = 0, b = 0; o < outer; o++, b += n) {
        let f = 1;
        for (let r = 0; r < n; r++) {
          if (x[b + r] === 0) {
            f = 0;
            break;
          }
        }
        out[o] = f;
      }
      return;
  }
}

/** Column reduction (`inner > 1`): whole rows of `inner` accumulators, reading x in memory order. */
function reduceColumns(op: ReduceOp, isInt: boolean, x: NumArray, out: NumArray, outer: number, n: number, inner: number): void {
  const acc = isInt ? new Int32Array(inner) : new Float64Array(inner); // Int32Array stores wrap int sums
  const idx = op === 'argMax' || op === 'argMin' ? new Int32Array(inner) : null;
  for (let o = 0; o < outer; o++) {
    const base = o * n * inner;
    switch (op) {
      case 'sum':
        acc.fill(0);
        for (let r = 0, p = base; r < n; r++) for (let j = 0; j < inner; j++, p++) acc[j] += x[p];
        break;
      case 'prod':
        acc.fill(1);
        if (isInt) for (let r = 0, p = base; r < n; r++) for (let j = 0; j < inner; j++, p++) acc[j] = Math.imul(acc[j], x[p]);
        else for (let r = 0, p = base; r < n; r++) for (let j = 0; j < inner; j++, p++) acc[j] *= x[p];
        break;
      case 'max':
        for (let j = 0; j < inner; j++) acc[j] = x[base + j];
        for (let r = 1, p = base + inner; r < n; r++) {
          for (let j = 0; j < inner; j++, p++) {
            const v = x[p];
            if (v > acc[j] || v !== v) acc[j] = v; // once NaN, no comparison is true again
          }
        }
        break;
      case 'min':
        for (let j = 0; j < inner; j++) acc[j] = x[base + j];
        for (let r = 1, p = base + inner; r < n; r++) {
          for (let j = 0; j < inner; j++, p++) {
            const v = x[p];
            if (v < acc[j] || v !== v) acc[j] = v;
          }
        }
        break;
      case 'argMax':
      case 'argMin': {
        const isMax = op === 'argMax';
        idx!.fill(0);
        for (let j = 0; j < inner; j++) acc[j] = x[base + j];
        for (let r = 1, p = base + inner; r < n; r++) {
          for (let j = 0; j < inner; j++, p++) {
            const m = acc[j];
            if (m !== m) continue; // the first NaN wins
            const v = x[p];
            if (v !== v || (isMax ? v > m : v < m)) {
              acc[j] = v;
              idx![j] = r;
            }
          }
        }
        break;
      }
      case 'any':
        acc.fill(0);
        for (let r = 0, p = base; r < n; r++) for (let j = 0; j < inner; j++, p++) if (x[p] !== 0) acc[j] = 1;
        break;
      case 'all':
        acc.fill(1);
        for (let r = 0, p = base; r < n; r++) for (let j = 0; j < inner; j++, p++) if (x[p] === 0) acc[j] = 0;
        break;
    }
    out.set(idx ?? acc, o * inner);
  }
}

/** The value of an empty reduction, per op and dtype. */
function identity(op: ReduceOp, dtype: BackendDType): number {
  switch (op) {
    case 'sum':
    case 'any':
    case 'argMax':
    case 'argMin':
      return 0;
    case 'prod':
    case 'all':
      return 1;
    case 'max':
      return dtype === 'int32' ? -2147483648 : dtype === 'bool' ? 0 : -Infinity;
    case 'min':
      return dtype === 'int32' ? 2147483647 : dtype === 'bool' ? 1 : Infinity;
  }
}

/** Runs {@link ReduceArgs} on resolved buffers: `x` of `args.dtype`, `out` of the op's output dtype. */
export function reduceKernel(args: ReduceArgs, x: AnyArray, out: AnyArray): void {
  const { op, dtype, outer, reduceSize, inner } = args;
  if (dtype === 'string') throw unsupported('reduce', `'${op}'`, dtype);
  if (dtype === 'bool' && (op === 'sum' || op === 'prod')) {
    throw unsupported('reduce', `'${op}' (cast to int32 first)`, dtype);
  }
  const o = out as NumArray;
  if (o.length === 0) return;
  if (reduceSize === 0) {
    o.fill(dtype === 'float16' && op !== 'argMax' && op !== 'argMin' && op !== 'any' && op !== 'all' ? halfOf(identity(op, dtype)) : identity(op, dtype));
    return;
  }
  const isInt = dtype === 'int32';
  let xa = x as NumArray;
  let target = o;
  const halfOut = dtype === 'float16' && (op === 'sum' || op === 'prod' || op === 'max' || op === 'min');
  if (dtype === 'float16') {
    xa = widenHalf(xa as Uint16Array);
    if (halfOut) target = new Float32Array(o.length);
  }
  if (inner === 1) reduceRows(op, isInt, xa, target, outer, reduceSize);
  else reduceColumns(op, isInt, xa, target, outer, reduceSize, inner);
  if (halfOut) narrowHalfInto(o as Uint16Array, target);
}

/** Half bits of the identities (0, 1, ±Infinity). */
function halfOf(v: number): number {
  return v === 0 ? 0 : v === 1 ? 0x3c00 : v === Infinity ? 0x7c00 : 0xfc00;
}
