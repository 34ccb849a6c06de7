/**
 * The optional fused-elementwise kernel: runs a straight-line program of elementwise instructions (jit's fused
 * chains) block by block, so each intermediate lives in a small cache-resident scratch array instead of a full
 * buffer written to and read back from memory.
 *
 * Each instruction runs the backend's own elementwise kernel (unary, binary, compare, select, cast) on one block,
 * so results are bit-for-bit those of the unfused ops. A block is a run of the output that every operand walks
 * with one stride per axis: a chunk of the last (collapsed) axis, or several whole rows when rows are short.
 */
import type { BackendDType, DataId, FusedElementwiseArgs, FusedInstr } from '@lab/core';
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
  switch (dtype) {
    case 'float32':
      return new Float32Array(n);
    case 'float64':
      return new Float64Array(n);
    case 'int32':
      return new Int32Array(n);
    case 'bool':
      return new Uint8Array(n);
    default:
      throw new Error(`cpu backend: fusedElementwise: registers of dtype ${dtype} are not supported`);
  }
}

/** Registers read by an instruction. */
function reads(ins: FusedInstr): number[] {
  switch (ins.op) {
    case 'unary':
    case 'cast':
      return [ins.x];
    case 'select':
      return [ins.cond, ins.a, ins.b];
    case 'const':
      return [];
    default:
      return [ins.a, ins.b];
  }
}

/**
 * Scratch arrays for the instruction registers that are not outputs, shared by registers whose lifetimes do not
 * overlap (linear scan over the program).
 */
function planScratch(args: FusedElementwiseArgs, cap: number): (NumArray | null)[] {
  const { program } = args;
  const nIn = program.numInputs;
  const total = nIn + program.instrs.length;
  const lastUse = new Int32Array(total).fill(-1);
  program.instrs.forEach((ins, i) => {
    for (const r of reads(ins)) lastUse[r] = i;
  });
  const isOut = new Set(program.outputs);
  const scratch: (NumArray | null)[] = new Array<NumArray | null>(total).fill(null);
  const free = new Map<BackendDType, NumArray[]>();
  program.instrs.forEach((ins, i) => {
    const reg = nIn + i;
    if (!isOut.has(reg) && ins.op !== 'const') {
      const dtype = program.dtypes[reg];
      const list = free.get(dtype);
      scratch[reg] = list && list.length > 0 ? list.pop()! : newArray(dtype, cap);
    }
    // Registers whose last reader is this instruction give their array back (after it ran: no aliasing).
    for (const r of reads(ins)) {
      if (lastUse[r] === i && scratch[r] !== null && r >= nIn) {
        const d = program.dtypes[r];
        if (!free.has(d)) free.set(d, []);
        free.get(d)!.push(scratch[r]!);
      }
    }
  });
  return scratch;
}

/** `out[...] = program(inputs...)` over `args.shape`. */
export function fusedElementwiseKernel(args: FusedElementwiseArgs, buf: (id: DataId, kernel: string) => AnyArray): void {
  const { program, shape, inputs } = args;
  let n = 1;
  for (const s of shape) n *= s;
  if (n === 0) return;
  const nIn = program.numInputs;
  const dtypes = program.dtypes;
  const inArrs = inputs.map((v) => buf(v.id, 'fusedElementwise'));
  const outArrs = args.outputs.map((id) => buf(id, 'fusedElementwise'));
  const outIndex = new Map<number, number>();
  program.outputs.forEach((r, k) => outIndex.set(r, k));

  // Collapse with the (contiguous) output as one more operand, so merged axes stay contiguous in the output.
  const c = collapse(shape, [...inputs.map((v) => v.strides), rowMajorStrides(shape)]);
  const cs = c.shape;
  const d = cs.length;
  const cols = cs[d - 1];
  const byRows = d >= 2 && cols < BLOCK / 2;
  const rowsPer = byRows ? Math.max(1, Math.min(cs[d - 2], Math.floor(BLOCK / cols))) : 1;
  const cap = byRows ? rowsPer * cols : Math.min(BLOCK, cols);
  const outerDims = byRows ? d - 2 : d - 1;
  const outStrides = c.strides[inputs.length];

  const scratch = planScratch(args, cap);
  // Constants: one element, broadcast through 0 strides.
  const consts: (NumArray | null)[] = new Array<NumArray | null>(nIn + program.instrs.length).fill(null);
  program.instrs.forEach((ins, i) => {
    if (ins.op === 'const') {
      const a = newArray(dtypes[nIn + i], 1);
      a[0] = ins.value;
      consts[nIn + i] = a;
    }
  });

  const regs: Operand<AnyArray>[] = new Array<Operand<AnyArray>>(nIn + program.instrs.length);
  const base = new Float64Array(inputs.length);
  const idx = new Int32Array(Math.max(outerDims, 0));
  let numOuter = 1;
  for (let k = 0; k < outerDims; k++) numOuter *= cs[k];

  const runBlock = (inOffsets: Float64Array, innerStrides: number[][], blockShape: number[], outPos: number, len: number): void => {
    const contig = blockShape.length === 1 ? [1] : [blockShape[1], 1];
    const zero = blockShape.map(() => 0);
    for (let r = 0; r < nIn; r++) regs[r] = { arr: inArrs[r], offset: inOffsets[r], strides: innerStrides[r] };
    for (let i = 0; i < program.instrs.length; i++) {
      const ins = program.instrs[i];
      const reg = nIn + i;
      if (ins.op === 'const') {
        regs[reg] = { arr: consts[reg]!, offset: 0, strides: zero };
        continue;
      }
      const k = outIndex.get(reg);
      const whole = k !== undefined ? (outArrs[k] as NumArray) : scratch[reg]!;
      const arr = k !== undefined ? whole.subarray(outPos, outPos + len) : len === whole.length ? whole : whole.subarray(0, len);
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
  };

  const inner = byRows ? [d - 2, d - 1] : [d - 1];
  const innerStrides = inputs.map((_, r) => inner.map((ax) => c.strides[r][ax]));
  const offsets = new Float64Array(inputs.length);
  for (let blk = 0; blk < numOuter; blk++) {
    let outBase = 0;
    for (let r = 0; r < inputs.length; r++) base[r] = inputs[r].offset;
    for (let k = 0; k < outerDims; k++) {
      outBase += idx[k] * outStrides[k];
      for (let r = 0; r < inputs.length; r++) base[r] += idx[k] * c.strides[r][k];
    }
    if (byRows) {
      const R = cs[d - 2];
      for (let r0 = 0; r0 < R; r0 += rowsPer) {
        const rows = Math.min(rowsPer, R - r0);
        for (let r = 0; r < inputs.length; r++) offsets[r] = base[r] + r0 * innerStrides[r][0];
        runBlock(offsets, innerStrides, [rows, cols], outBase + r0 * cols, rows * cols);
      }
    } else {
      for (let c0 = 0; c0 < cols; c0 += BLOCK) {
        const len = Math.min(BLOCK, cols - c0);
        for (let r = 0; r < inputs.length; r++) offsets[r] = base[r] + c0 * innerStrides[r][0];
        runBlock(offsets, innerStrides, [len], outBase + c0, len);
      }
    }
    for (let k = outerDims - 1; k >= 0; k--) {
      if (++idx[k] < cs[k]) break;
      idx[k] = 0;
    }
  }
}
