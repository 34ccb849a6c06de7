/**
 * Host side of the fused elementwise kernel (assembly/fused.ts): turns a {@link FusedProgram} into the word
 * block the interpreter reads, and writes the per-call parts (buffer pointers, constants, the input strides).
 *
 * The static part of a program (register kinds and dtypes, scratch slots, instructions) is planned once per
 * program object and cached; a call copies it into the parameter area and patches the pointers.
 */
import { fusedOperands, type FusedProgram } from '@lab/core';
import { BINARY, COMPARE, DT, UNARY, dtypeCode } from './codes.js';

/** Register kinds and instruction kinds; the numbers mirror assembly/fused.ts. */
const R_INPUT = 0, R_SCRATCH = 1, R_OUTPUT = 2, R_CONST = 3;
const I_UNARY = 0, I_BINARY = 1, I_COMPARE = 2, I_SELECT = 3, I_CAST = 4, I_CONST = 5;
const HEADER = 4, REG = 4, INSTR = 5;

/** Elements per tile: with 8 bytes per element a scratch slot is 4 KiB, so a few of them stay in L1. */
export const FUSED_TILE = 512;
/** Bytes between scratch slots: a tile of float64 plus a cache line, so slots never alias modulo 4 KiB. */
const SLOT_BYTES = FUSED_TILE * 8 + 64;
/**
 * Bytes of one input's repeated-row buffer: up to 2 tiles of float64 (a short row repeated past a tile, so a tile
 * may start at any column of it) plus a cache line. Mirrors `repBytes` in assembly/fused.ts.
 */
const REP_BYTES = FUSED_TILE * 16 + 64;

/** A planned program: the word template and what each call must fill in. */
export interface FusedPlan {
  /** Header, registers and instructions; input, output and constant bases are left 0. */
  readonly words: Int32Array;
  readonly registers: number;
  readonly slots: number;
  /** Register numbers of the constants, with their values and dtype codes. */
  readonly consts: readonly { reg: number; value: number; dt: number }[];
  /** Outputs that are constants (the interpreter skips constants): filled by the host, by output index. */
  readonly constOutputs: readonly { index: number; value: number }[];
  /** Scratch bytes one thread needs: the register table, a repeated-row buffer per input, then the slots. */
  readonly workBytes: number;
  /** Bytes of the program block including the constants (8 each). */
  readonly blockBytes: number;
}

const PLANS = new WeakMap<FusedProgram, FusedPlan>();

function fail(msg: string): never {
  throw new Error(`wasm fusedElementwise: ${msg}`);
}

/** Plans `program` (cached per program object). */
export function planFused(program: FusedProgram): FusedPlan {
  const cached = PLANS.get(program);
  if (cached) return cached;
  const { numInputs: nIn, instrs, dtypes, outputs } = program;
  const R = nIn + instrs.length;
  const K = instrs.length;
  const words = new Int32Array(HEADER + R * REG + K * INSTR);
  words[0] = R;
  words[1] = K;
  words[2] = FUSED_TILE;
  words[3] = nIn;
  const outSet = new Set(outputs);
  // last instruction reading each register, so scratch slots are shared by registers whose lives do not overlap
  const lastUse = new Int32Array(R).fill(-1);
  const operands = (j: number): number[] => fusedOperands(instrs[j]);
  for (let j = 0; j < K; j++) for (const r of operands(j)) lastUse[r] = j;
  const consts: { reg: number; value: number; dt: number }[] = [];
  for (let r = 0; r < R; r++) {
    const dt = dtypeCode(dtypes[r]);
    if (dt < 0) fail(`register ${r} has dtype ${dtypes[r]} (float32, float64, int32 and bool are supported)`);
    words[HEADER + r * REG + 1] = dt;
  }
  for (let r = 0; r < nIn; r++) {
    words[HEADER + r * REG] = R_INPUT;
    words[HEADER + r * REG + 3] = r;
  }
  const free: number[] = [];
  let slots = 0;
  const slotOf = new Int32Array(R).fill(-1);
  for (let j = 0; j < K; j++) {
    const ins = instrs[j];
    const d = nIn + j;
    const e = HEADER + d * REG;
    const w = HEADER + R * REG + j * INSTR;
    if (ins.op === 'const') {
      words[e] = R_CONST;
      words[w] = I_CONST;
      consts.push({ reg: d, value: ins.value, dt: words[e + 1] });
      continue;
    }
    if (outSet.has(d)) words[e] = R_OUTPUT;
    else {
      // take the slot before this instruction's operands free theirs: a row never reads and writes one buffer
      const s = free.length > 0 ? free.pop()! : slots++;
      slotOf[d] = s;
      words[e] = R_SCRATCH;
      words[e + 3] = s * SLOT_BYTES;
    }
    switch (ins.op) {
      case 'unary': {
        const code = UNARY[ins.fn];
        if (code === undefined) fail(`unknown unary op ${ins.fn}`);
        words.set([I_UNARY, code, ins.x, 0, 0], w);
        break;
      }
      case 'binary': {
        const code = BINARY[ins.fn];
        if (code === undefined) fail(`unknown binary op ${ins.fn}`);
        words.set([I_BINARY, code, ins.a, ins.b, 0], w);
        break;
      }
      case 'compare': {
        const code = COMPARE[ins.fn];
        if (code === undefined) fail(`unknown comparison ${ins.fn}`);
        words.set([I_COMPARE, code, ins.a, ins.b, 0], w);
        break;
      }
      case 'select':
        words.set([I_SELECT, 0, ins.cond, ins.a, ins.b], w);
        break;
      case 'cast':
        words.set([I_CAST, 0, ins.x, 0, 0], w);
        break;
    }
    for (const r of [...new Set([...operands(j), d])]) {
      if (lastUse[r] <= j && slotOf[r] >= 0) {
        free.push(slotOf[r]);
        slotOf[r] = -1;
      }
    }
  }
  const blockBytes = words.length * 4 + 8 + consts.length * 8;
  const constOutputs: { index: number; value: number }[] = [];
  outputs.forEach((r, index) => {
    const ins = r >= nIn ? instrs[r - nIn] : undefined;
    if (ins?.op === 'const') constOutputs.push({ index, value: ins.value });
  });
  const plan: FusedPlan = {
    words,
    registers: R,
    slots,
    consts,
    constOutputs,
    workBytes: ((R * 8 + 63) & ~63) + nIn * REP_BYTES + slots * SLOT_BYTES,
    blockBytes,
  };
  PLANS.set(program, plan);
  return plan;
}

/** Typed views over the heap (the backend's, current after any grow). */
export interface HeapViews {
  readonly i32: Int32Array;
  readonly f32: Float32Array;
  readonly f64: Float64Array;
  readonly u8: Uint8Array;
}

/**
 * Writes the meta block [rank, shape, strides of each operand] at word `at`: size-1 axes dropped, neighbouring
 * axes merged where every operand walks them as one (a contiguous chain of any rank becomes one row). Returns the
 * number of words written.
 */
export function writeFusedMeta(heap: Int32Array, at: number, shape: readonly number[], strides: readonly (readonly number[])[]): number {
  const k = strides.length;
  const dims: number[] = []; // kept axes, innermost first
  const st: number[][] = strides.map(() => []);
  for (let d = shape.length - 1; d >= 0; d--) {
    const s = shape[d];
    if (s === 1) continue;
    const n = dims.length;
    if (n > 0 && strides.every((sj, j) => sj[d] === st[j][n - 1] * dims[n - 1])) {
      dims[n - 1] *= s;
      continue;
    }
    dims.push(s);
    for (let j = 0; j < k; j++) st[j].push(strides[j][d]);
  }
  if (dims.length === 0) {
    dims.push(1);
    for (let j = 0; j < k; j++) st[j].push(0);
  }
  const n = dims.length;
  heap[at] = n;
  for (let d = 0; d < n; d++) heap[at + 1 + d] = dims[n - 1 - d];
  for (let j = 0; j < k; j++) {
    const base = at + 1 + (j + 1) * n;
    for (let d = 0; d < n; d++) heap[base + d] = st[j][n - 1 - d];
  }
  return 1 + n * (k + 1);
}

/** Words the meta block of a shape of this rank with `operands` operands may take (before merging). */
export function fusedMetaWords(rank: number, operands: number): number {
  return 1 + Math.max(rank, 1) * (operands + 1);
}

/**
 * Writes the program block at byte `at` (16-byte aligned) with the inputs' and outputs' pointers patched in and
 * the constants stored after it in their dtypes.
 */
export function writeFusedProgram(h: HeapViews, at: number, plan: FusedPlan, program: FusedProgram, inputs: readonly number[], outputs: readonly number[]): void {
  // Unsigned shifts: heap pointers reach 4 GiB, and a signed shift turns one past 2 GiB negative.
  const w = at >>> 2;
  h.i32.set(plan.words, w);
  for (let r = 0; r < inputs.length; r++) h.i32[w + HEADER + r * REG + 2] = inputs[r];
  program.outputs.forEach((r, i) => {
    h.i32[w + HEADER + r * REG + 2] = outputs[i];
  });
  let c = (at + plan.words.length * 4 + 7) & ~7;
  for (const k of plan.consts) {
    h.i32[w + HEADER + k.reg * REG + 2] = c;
    switch (k.dt) {
      case DT.float32:
        h.f32[c >>> 2] = k.value;
        break;
      case DT.float64:
        h.f64[c >>> 3] = k.value;
        break;
      case DT.int32:
        h.i32[c >>> 2] = k.value;
        break;
      default:
        h.u8[c] = k.value !== 0 ? 1 : 0;
    }
    c += 8;
  }
}
