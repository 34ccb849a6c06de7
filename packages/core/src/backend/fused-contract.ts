/**
 * The optional fused-elementwise kernel: a whole chain of elementwise ops (with broadcasting) in one pass over
 * memory. `jit` builds the programs; `runFused` (ops/fused.ts) calls the kernel when the backend has it and
 * lowers the program onto the primitive kernels otherwise, so a backend may leave it out.
 */
import type { BackendDType } from '../dtype.js';
import type { BinaryOp, CompareOp, DataId, UnaryOp, View } from './contract.js';

/**
 * One instruction of a {@link FusedProgram}. Operands are register numbers: registers `0..numInputs-1` are the
 * inputs, and instruction `i` writes register `numInputs + i`. Every instruction means exactly what the kernel
 * of the same name does (dtypes follow the same rules), applied elementwise at the output's shape.
 */
export type FusedInstr =
  | { readonly op: 'unary'; readonly fn: UnaryOp; readonly x: number }
  | { readonly op: 'binary'; readonly fn: BinaryOp; readonly a: number; readonly b: number }
  | { readonly op: 'compare'; readonly fn: CompareOp; readonly a: number; readonly b: number }
  | { readonly op: 'select'; readonly cond: number; readonly a: number; readonly b: number }
  | { readonly op: 'cast'; readonly x: number }
  /** A scalar of the register's dtype. */
  | { readonly op: 'const'; readonly value: number };

/** A straight-line elementwise program. */
export interface FusedProgram {
  readonly numInputs: number;
  /** The dtype of every register: the inputs', then one per instruction (a cast's target, bool for compares). */
  readonly dtypes: readonly BackendDType[];
  readonly instrs: readonly FusedInstr[];
  /** Registers written to the outputs, in order: distinct, and never an input register. */
  readonly outputs: readonly number[];
}

/** Arguments of {@link BackendFusedKernels.fusedElementwise}. */
export interface FusedElementwiseArgs {
  readonly program: FusedProgram;
  /** The output shape; every input is a view of it (0 strides broadcast). */
  readonly shape: readonly number[];
  readonly inputs: readonly View[];
  /** Contiguous outputs of `shape`, one per `program.outputs` entry, in that register's dtype. */
  readonly outputs: readonly DataId[];
}

/**
 * The optional fused-elementwise kernel. Core only calls it with registers of dtype float32, float64, int32 and
 * bool that the backend stores, and with unary ops that are primitive or listed in its descriptor's `unaryOps`;
 * other programs run op by op. Results must equal running the instructions one kernel at a time (each
 * intermediate rounded to its register's dtype).
 */
export interface BackendFusedKernels {
  /** Runs `args.program` over `args.shape`, writing every output once. */
  fusedElementwise?(args: FusedElementwiseArgs): void;
}

/**
 * The registers an instruction reads, in operand order (`select`: cond, a, b). Shared by every fused kernel.
 * @param ins - one instruction of a FusedProgram.
 * @returns the registers it reads, in operand order (none for 'const').
 * @example
 * ```ts
 * fusedOperands({ op: 'select', cond: 0, a: 1, b: 2 }); // [0, 1, 2]
 * ```
 */
export function fusedOperands(ins: FusedInstr): number[] {
  switch (ins.op) {
    case 'unary':
    case 'cast':
      return [ins.x];
    case 'select':
      return [ins.cond, ins.a, ins.b];
    case 'const':
      return [];
    case 'binary':
    case 'compare':
      return [ins.a, ins.b];
  }
}
