/**
 * The optional fused-elementwise kernel: runs a straight-line program of elementwise instructions (jit's fused
 * chains) block by block, so each intermediate lives in a small cache-resident scratch array instead of a full
 * buffer written to and read back from memory.
 *
 * Each instruction runs the backend's own elementwise kernel (unary, binary, compare, select, cast) on one block,
 * so results are bit-for-bit those of the unfused ops. A block is a run of the output that every operand walks
 * with one stride per axis: a chunk of the last (collapsed) axis, or several whole rows when rows are short.
 */
import { allocValues, fusedOperands, type BackendDType, type DataId, type FusedElementwiseArgs, type FusedProgram } from '@lab/core';
import { collapse, rowMajorStrides } from '../strided.js';
import type { AnyArray, NumArray, Operand } from '../strided.js';
import { binaryKernel } from './binary.js';
import { castKernel } from './cast.js';
import { compareKernel } from './compare.js';
import { selectKernel } from './select.js';
import { unaryKernel } from './unary.js';

/** Elements per block: a few scratch registers of this size stay in L2. */
const BLOCK = 8192;

function newArray(dtype: BackendDType, n: number): NumArray {
  if (dtype === 'float16' || dtype === 'string') throw new Error(`cpu backend: fusedElementwise: registers of dtype ${dtype} are not supported`);
  return allocValues(dtype, n);
}

/** What a program needs besides its operands, prepared once per program (programs are immutable). */
interface Prepared {
  /** Elements each scratch array holds. */
  readonly cap: number;
  /** Per register: its scratch array (instruction registers that are not outputs), else null. */
  readonly scratch: (NumArray | null)[];
  /** Per register: its output number, or -1. */
  readonly outIndex: Int32Array;
  /** Per register: a one-element array for `const` instructions, else null. */
  readonly consts: (NumArray | null)[];
}

const PREPARED = new WeakMap<FusedProgram, Prepared>();

/**
 * Scratch arrays for the instruction registers that are not outputs, shared by registers whose lifetimes do not
 * overlap (linear scan over the program).
 */
function prepare(program: FusedProgram, cap: number): Prepared {
  const cached = PREPARED.get(program);
  if (cached && cached.cap === cap) return cached;
  const nIn = program.numInputs;
  const total = nIn + program.instrs.length;
  const lastUse = new Int32Array(total).fill(-1);
  program.instrs.forEach((ins, i) => {
    for (const r of fusedOperands(ins)) lastUse[r] = i;
  });
  const outIndex = new Int32Array(total).fill(-1);
  program.outputs.forEach((r, k) => (outIndex[r] = k));
  const scratch: (NumArray | null)[] = new Array<NumArray | null>(total).fill(null);
  const consts: (NumArray | null)[] = new Array<NumArray | null>(total).fill(null);
  const free = new Map<BackendDType, NumArray[]>();
  program.instrs.forEach((ins, i) => {
    const reg = nIn + i;
    const dtype = program.dtypes[reg];
    if (ins.op === 'const') {
      const a = newArray(dtype, 1);
      a[0] = ins.value;
      consts[reg] = a;
    } else if (outIndex[reg] < 0) {
      const list = free.get(dtype);
      scratch[reg] = list && list.length > 0 ? list.pop()! : newArray(dtype, cap);
    }
    // Registers whose last reader is this instruction give their array back (after it ran: no aliasing).
    for (const r of fusedOperands(ins)) {
      if (lastUse[r] === i && scratch[r] !== null && r >= nIn) {
        const d = program.dtypes[r];
        if (!free.has(d)) free.set(d, []);
        free.get(d)!.push(scratch[r]);
      }
    }
  });
  const p: Prepared = { cap, scratch, outIndex, consts };
  PREPARED.set(program, p);
  return p;
}

/** One block: every instruction once, over `blockShape` (a run of `len` output elements starting at `outPos`). */
function runBlock(
  program: FusedProgram,
  p: Prepared,
  regs: Operand<AnyArray>[],
  inArrs: readonly AnyArray[],
  outArrs: readonly AnyArray[],
  inOffsets: Float64Array,
  innerStrides: readonly (readonly number[])[],
  blockShape: number[],
  outPos: number,
  len: number,
): void {
  const nIn = program.numInputs;
  const dtypes = program.dtypes;
  const contig = blockShape.length === 1 ? ONE : [blockShape[1], 1];
  const zero = blockShape.length === 1 ? ZERO1 : ZERO2;
  for (let r = 0; r < nIn; r++) regs[r] = { arr: inArrs[r], offset: inOffsets[r], strides: innerStrides[r] };
  for (let i = 0; i < program.instrs.length; i++) {
    const ins = program.instrs[i];
    const reg = nIn + i;
    if (ins.op === 'const') {
      regs[reg] = { arr: p.consts[reg]!, offset: 0, strides: zero };
      continue;
    }
    const k = p.outIndex[reg];
    let arr: NumArray;
    if (k >= 0) arr = (outArrs[k] as NumArray).subarray(outPos, outPos + len);
    else {
      const whole = p.scratch[reg]!;
      arr = len === whole.length ? whole : whole.subarray(0, len);
    }
    switch (ins.op) {
      case 'unary':
        unaryKernel(ins.fn, dtypes[ins.x], arr, regs[ins.x], blockShape);
        break;
      case 'binary':
        binaryKernel(ins.fn, dtypes[ins.a], arr, regs[ins.a], regs[ins.b], blockShape);
        break;
      case 'compare':
        compareKernel(ins.fn, dtypes[ins.a], arr as Uint8Array, regs[ins.a], regs[ins.b], blockShape);
        break;
      case 'select':
        selectKernel(dtypes[ins.a], arr, regs[ins.cond] as Operand<Uint8Array>, regs[ins.a], regs[ins.b], blockShape);
        break;
      case 'cast':
        castKernel(dtypes[ins.x], dtypes[reg], arr, regs[ins.x], blockShape);
        break;
    }
    regs[reg] = { arr, offset: 0, strides: contig };
  }
}

const ONE: readonly number[] = [1];
const ZERO1: readonly number[] = [0];
const ZERO2: readonly number[] = [0, 0];

/** `out[...] = program(inputs...)` over `args.shape`. */
export function fusedElementwiseKernel(args: FusedElementwiseArgs, buf: (id: DataId, kernel: string) => AnyArray): void {
  const { program, shape, inputs } = args;
  let n = 1;
  for (let i = 0; i < shape.length; i++) n *= shape[i];
  if (n === 0) return;
  const nIn = inputs.length;
  const inArrs: AnyArray[] = new Array<AnyArray>(nIn);
  const operandStrides: (readonly number[])[] = new Array<readonly number[]>(nIn + 1);
  for (let r = 0; r < nIn; r++) {
    inArrs[r] = buf(inputs[r].id, 'fusedElementwise');
    operandStrides[r] = inputs[r].strides;
  }
  const outArrs = args.outputs.map((id) => buf(id, 'fusedElementwise'));

  // Collapse with the (contiguous) output as one more operand, so merged axes stay contiguous in the output.
  operandStrides[nIn] = rowMajorStrides(shape);
  const c = collapse(shape, operandStrides);
  const cs = c.shape;
  const d = cs.length;
  const cols = cs[d - 1];
  const byRows = d >= 2 && cols < BLOCK / 2;
  const rowsPer = byRows ? Math.max(1, Math.min(cs[d - 2], Math.floor(BLOCK / cols))) : 1;
  const cap = byRows ? rowsPer * cols : Math.min(BLOCK, cols);
  const outerDims = byRows ? d - 2 : d - 1;
  const outStrides = c.strides[nIn];
  const p = prepare(program, cap);
  const regs: Operand<AnyArray>[] = new Array<Operand<AnyArray>>(nIn + program.instrs.length);
  const innerStrides: number[][] = new Array<number[]>(nIn);
  for (let r = 0; r < nIn; r++) innerStrides[r] = byRows ? [c.strides[r][d - 2], c.strides[r][d - 1]] : [c.strides[r][d - 1]];

  let numOuter = 1;
  for (let k = 0; k < outerDims; k++) numOuter *= cs[k];
  const idx = new Int32Array(Math.max(outerDims, 0));
  const base = new Float64Array(nIn);
  const offsets = new Float64Array(nIn);
  for (let blk = 0; blk < numOuter; blk++) {
    let outBase = 0;
    for (let r = 0; r < nIn; r++) base[r] = inputs[r].offset;
    for (let k = 0; k < outerDims; k++) {
      outBase += idx[k] * outStrides[k];
      for (let r = 0; r < nIn; r++) base[r] += idx[k] * c.strides[r][k];
    }
    if (byRows) {
      const R = cs[d - 2];
      for (let r0 = 0; r0 < R; r0 += rowsPer) {
        const rows = Math.min(rowsPer, R - r0);
        for (let r = 0; r < nIn; r++) offsets[r] = base[r] + r0 * innerStrides[r][0];
        runBlock(program, p, regs, inArrs, outArrs, offsets, innerStrides, [rows, cols], outBase + r0 * cols, rows * cols);
      }
    } else {
      for (let c0 = 0; c0 < cols; c0 += BLOCK) {
        const len = Math.min(BLOCK, cols - c0);
        for (let r = 0; r < nIn; r++) offsets[r] = base[r] + c0 * innerStrides[r][0];
        runBlock(program, p, regs, inArrs, outArrs, offsets, innerStrides, [len], outBase + c0, len);
      }
    }
    for (let k = outerDims - 1; k >= 0; k--) {
      if (++idx[k] < cs[k]) break;
      idx[k] = 0;
    }
  }
}
