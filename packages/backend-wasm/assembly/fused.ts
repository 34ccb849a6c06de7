// The fused elementwise kernel: an interpreter of a straight-line program (src/fused.ts encodes it) that walks the
// output in tiles of at most T elements. Every instruction of a tile runs as one call of the same row function the
// eager kernel uses (so results are bit-for-bit the unfused ones), reading inputs in place through their strides
// and writing intermediates to per-thread scratch slots of T elements that stay in L1. Outputs are written
// straight to their buffers: one pass over memory, no full-size temporaries.
//
// A short last axis (a conv's [N, H, W, 32] output plus a [32] bias) would cut every tile to one 32-element row,
// and the per-tile bookkeeping then costs more than the ops. When every input is either flat (its offset is the
// flat index times one stride) or periodic (the same row for every row), tiles span rows: a periodic input is
// read from a copy of its row repeated T + L elements long, made once per call. Values are copied bit for bit and
// every element still goes through the same row functions, so results do not change.
import { F32, F64, I32, U8, rowOffset, metaRank, metaInner, metaInnerStride, minI, shiftOf } from './common';
import { rowF32 as unF32, rowF64 as unF64, rowI32 as unI32, rowU8 as unU8 } from './unary';
import { binaryRow, compareRow } from './binary';
import { castRow, loadAs } from './copy';

// Register kinds (mirrored in src/fused.ts).
const R_INPUT = 0, R_SCRATCH = 1, R_OUTPUT = 2, R_CONST = 3;
// Instruction kinds.
const I_UNARY = 0, I_BINARY = 1, I_COMPARE = 2, I_SELECT = 3, I_CAST = 4;

/** Words of the program header, of one register entry, of one instruction entry. */
const HEADER = 4, REG = 4, INSTR = 5;
/** How an input is walked when tiles span rows (see the top of the file). */
const M_ROWS = 0, M_FLAT = 1, M_PERIODIC = 2;

/**
 * M_FLAT if operand k's offset at flat index i is i times its last-axis stride, M_PERIODIC if every row starts
 * at offset 0 (all outer strides 0), else M_ROWS.
 */
function inputMode(meta: usize, rank: i32, k: i32): i32 {
  const shp = meta + 4;
  const st = meta + 4 + (<usize>((1 + k) * rank) << 2);
  let flat = true, periodic = true;
  for (let d = rank - 2; d >= 0; d--) {
    const s = load<i32>(st + (<usize>d << 2));
    if (s != 0) periodic = false;
    if (s != load<i32>(st + (<usize>(d + 1) << 2)) * load<i32>(shp + (<usize>(d + 1) << 2))) flat = false;
  }
  return flat ? M_FLAT : periodic ? M_PERIODIC : M_ROWS;
}

/** Bytes of one input's repeated-row buffer (written by `repeatRow`); src/fused.ts mirrors it. */
@inline function repBytes(T: i32): usize {
  return (<usize>T << 4) + 64;
}

/** Writes at least `total` elements (of 1 << es bytes) at `dst`: the row of L elements at `src` (stride s), repeated. */
function repeatRow(src: usize, s: i32, L: i32, es: i32, dst: usize, total: i32): void {
  for (let j = 0; j < L; j++) {
    const from = src + (<usize>(j * s) << es);
    const to = dst + (<usize>j << es);
    if (es == 2) store<u32>(to, load<u32>(from));
    else if (es == 3) store<u64>(to, load<u64>(from));
    else store<u8>(to, load<u8>(from));
  }
  // double the filled prefix: a handful of memory.copy calls
  let have = L;
  while (have < total) {
    const m = minI(have, total - have);
    memory.copy(dst + (<usize>have << es), dst, <usize>m << es);
    have += m;
  }
}

function selectRow(cdt: i32, es: i32, c: usize, sc: i32, a: usize, sa: i32, b: usize, sb: i32, o: usize, n: i32): void {
  const cs = shiftOf(cdt);
  for (let j = 0; j < n; j++) {
    const pc = c + (<usize>(j * sc) << cs);
    const t = cdt == U8 ? load<u8>(pc) != 0 : loadAs(cdt, pc) != 0;
    if (es == 2) store<u32>(o + (<usize>j << 2), t ? load<u32>(a + (<usize>(j * sa) << 2)) : load<u32>(b + (<usize>(j * sb) << 2)));
    else if (es == 3) store<u64>(o + (<usize>j << 3), t ? load<u64>(a + (<usize>(j * sa) << 3)) : load<u64>(b + (<usize>(j * sb) << 3)));
    else store<u8>(o + <usize>j, t ? load<u8>(a + <usize>(j * sa)) : load<u8>(b + <usize>(j * sb)));
  }
}

/**
 * Runs the program at `prog` over flat output indices [start, end). `meta` is [rank, shape, strides of every
 * input]; `work` is this thread's scratch: a register table (pointer, stride per register), one repeated-row
 * buffer per input, then the slots.
 *
 * Program layout (i32 words): [registers, instructions, tile, inputs], then per register [kind, dtype, base, arg]
 * (arg: the input's operand number in meta, or a scratch slot's byte offset), then per instruction
 * [kind, fn, a, b, c]; instruction i writes register inputs + i.
 */
export function fused(prog: usize, meta: usize, start: i32, end: i32, work: usize): void {
  const R = load<i32>(prog);
  const K = load<i32>(prog, 4);
  const T = load<i32>(prog, 8);
  const nIn = load<i32>(prog, 12);
  const regs = prog + (HEADER << 2);
  const instrs = regs + (<usize>(R * REG) << 2);
  const tab = work;
  const reps = work + ((<usize>(R * 8) + 63) & ~<usize>63);
  const slots = reps + <usize>nIn * repBytes(T);
  const rank = metaRank(meta);
  const L = metaInner(meta, rank);
  // tiles span rows when the rows are short and every input is flat or periodic
  let wide = rank >= 2 && L < T;
  for (let k = 0; k < nIn && wide; k++) wide = inputMode(meta, rank, k) != M_ROWS;
  if (wide) {
    for (let k = 0; k < nIn; k++) {
      if (inputMode(meta, rank, k) != M_PERIODIC) continue;
      const e = regs + (<usize>(k * REG) << 2);
      repeatRow(<usize>load<i32>(e, 8), metaInnerStride(meta, rank, k), L, shiftOf(load<i32>(e, 4)), reps + <usize>k * repBytes(T), T + L);
    }
  }
  let i = start;
  while (i < end) {
    const row = i / L;
    const col = i - row * L;
    const n = wide ? minI(end - i, T) : minI(minI(L - col, end - i), T);
    for (let r = 0; r < R; r++) {
      const e = regs + (<usize>(r * REG) << 2);
      const kind = load<i32>(e);
      const es = shiftOf(load<i32>(e, 4));
      const base = <usize>load<i32>(e, 8);
      const t = tab + (<usize>r << 3);
      if (kind == R_INPUT) {
        const k = load<i32>(e, 12);
        const s = metaInnerStride(meta, rank, k);
        const mode = wide ? inputMode(meta, rank, k) : M_ROWS;
        if (mode == M_PERIODIC) {
          // the repeated row from this tile's column: reads stay inside its T + L elements
          store<i32>(t, <i32>(reps + <usize>k * repBytes(T) + (<usize>col << es)));
          store<i32>(t, 1, 4);
        } else {
          const off = mode == M_FLAT ? i * s : rowOffset(meta, rank, k, row) + col * s;
          store<i32>(t, <i32>(base + (<usize>off << es)));
          store<i32>(t, s, 4);
        }
      } else if (kind == R_SCRATCH) {
        store<i32>(t, <i32>(slots + <usize>load<i32>(e, 12)));
        store<i32>(t, 1, 4);
      } else if (kind == R_OUTPUT) {
        store<i32>(t, <i32>(base + (<usize>i << es)));
        store<i32>(t, 1, 4);
      } else {
        store<i32>(t, <i32>base);
        store<i32>(t, 0, 4);
      }
    }
    for (let j = 0; j < K; j++) {
      const ins = instrs + (<usize>(j * INSTR) << 2);
      const kind = load<i32>(ins);
      if (kind > I_CAST) continue; // a constant: its register already points at the value
      const fn = load<i32>(ins, 4);
      const ra = load<i32>(ins, 8);
      const rb = load<i32>(ins, 12);
      const rc = load<i32>(ins, 16);
      const dst = nIn + j;
      const po = <usize>load<i32>(tab + (<usize>dst << 3));
      const pa = <usize>load<i32>(tab + (<usize>ra << 3));
      const sa = load<i32>(tab + (<usize>ra << 3), 4);
      const da = load<i32>(regs + (<usize>(ra * REG) << 2), 4);
      if (kind == I_UNARY) {
        if (da == F32) unF32(fn, pa, sa, po, n);
        else if (da == F64) unF64(fn, pa, sa, po, n);
        else if (da == I32) unI32(fn, pa, sa, po, n);
        else unU8(fn, pa, sa, po, n);
      } else if (kind == I_CAST) {
        castRow(da, load<i32>(regs + (<usize>(dst * REG) << 2), 4), pa, sa, po, n);
      } else {
        const pb = <usize>load<i32>(tab + (<usize>rb << 3));
        const sb = load<i32>(tab + (<usize>rb << 3), 4);
        if (kind == I_BINARY) {
          binaryRow(da, fn, pa, sa, pb, sb, po, n);
        } else if (kind == I_COMPARE) {
          compareRow(da, fn, pa, sa, pb, sb, po, n);
        } else {
          // select: a = cond register, b / c = the values
          const pc = <usize>load<i32>(tab + (<usize>rc << 3));
          const sc = load<i32>(tab + (<usize>rc << 3), 4);
          const db = load<i32>(regs + (<usize>(rb * REG) << 2), 4);
          selectRow(da, shiftOf(db), pa, sa, pb, sb, pc, sc, po, n);
        }
      }
    }
    i += n;
  }
}

