/**
 * Runs a fused elementwise program (jit's fusion of elementwise chains): the backend's optional
 * `fusedElementwise` kernel when it has one and the program's dtypes allow it, else one primitive kernel per
 * instruction, which is exactly what the ops the program came from run. Records nothing: jit fuses only when no
 * tape is recording.
 */
import type { BackendDType, DType } from '../dtype.js';
import type { Backend, ExtendedUnaryOp } from '../backend/contract.js';
import { UNARY_OP_DEFS } from '../backend/unary-ops.js';
import { fusedOperands, type FusedProgram } from '../backend/fused-contract.js';
import { ENGINE } from '../engine/engine.js';
import { broadcastShapes, contiguousStrides, fmtShape, shapesEqual, sizeOf } from '../util/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { backendFor, castKernel, makeView, newOutput, scalarLike } from './dispatch.js';
import * as o from './primitives.js';

/** Register dtypes the kernel handles; programs with others run op by op. */
const KERNEL_DTYPES: ReadonlySet<DType> = new Set<DType>(['float32', 'float64', 'int32', 'bool']);

/**
 * True if `b`'s fused kernel can run `program`: supported dtypes, and only unary ops it has natively (the
 * primitives, which every backend has, and the extended ops in its `unaryOps`).
 */
function kernelRuns(b: Backend, program: FusedProgram): boolean {
  if (!b.fusedElementwise) return false;
  for (const d of program.dtypes) if (!KERNEL_DTYPES.has(d) || !b.descriptor.dtypes.includes(d)) return false;
  for (const ins of program.instrs) {
    if (ins.op === 'unary' && UNARY_OP_DEFS[ins.fn].tier !== 'primitive' && !b.descriptor.unaryOps?.includes(ins.fn as ExtendedUnaryOp)) return false;
  }
  return true;
}

const CHECKED = new WeakSet<FusedProgram>();

/**
 * Throws unless `program` is well formed: operands name earlier registers, outputs are distinct non-inputs.
 * @param program - the program to check.
 * @param numInputs - the number of inputs the caller will pass.
 * @example
 * ```ts
 * const program: FusedProgram = {
 *   numInputs: 1, dtypes: ['float32', 'float32'], instrs: [{ op: 'unary', fn: 'exp', x: 0 }], outputs: [1],
 * };
 * checkFusedProgram(program, 1); // passes; a wrong count or register throws
 * ```
 */
export function checkFusedProgram(program: FusedProgram, numInputs: number): void {
  const { instrs, dtypes, outputs } = program;
  const bad = (why: string): never => {
    throw new Error(`runFused: invalid program: ${why}`);
  };
  if (program.numInputs !== numInputs) bad(`${program.numInputs} inputs declared, ${numInputs} given`);
  if (dtypes.length !== numInputs + instrs.length) bad(`${dtypes.length} register dtypes for ${numInputs + instrs.length} registers`);
  const ok = (r: number, before: number) => Number.isInteger(r) && r >= 0 && r < before;
  instrs.forEach((ins, i) => {
    const here = numInputs + i;
    const regs = fusedOperands(ins);
    for (const r of regs) if (!ok(r, here)) bad(`instruction ${i} (${ins.op}) reads register ${r}`);
  });
  if (outputs.length === 0) bad('no outputs');
  const seen = new Set<number>();
  for (const r of outputs) {
    if (!ok(r, dtypes.length) || r < numInputs || seen.has(r)) bad(`output register ${r}`);
    seen.add(r);
  }
}

/**
 * A buffer for one output: `reuse` itself (as a new view) when nothing else holds it, else a new one, zeroed only
 * when `zero` is true (callers whose kernel writes every element pass false). Internal to core (fused programs and
 * the matmul replay path); not exported from the package.
 */
export function outputFor(b: Backend, dtype: BackendDType, shape: readonly number[], reuse: Tensor | null | undefined, zero = false): Tensor {
  const h = reuse && !reuse.isDisposed ? reuse.handle : null;
  if (h && h.refCount === 1 && h.backend === b && h.dtype === dtype && h.size === sizeOf(shape)) {
    return makeView(reuse!, shape, contiguousStrides(shape), 0);
  }
  // Unzeroed unless asked (a buffer from jit's pool keeps its old values): the fused kernel writes every output.
  return newOutput(b, dtype, shape, zero);
}

/**
 * Runs `program` over `inputs` (each broadcast to `shape`) and returns one new tensor of `shape` per program
 * output. `reuse[i]`, when given, is a tensor whose buffer output `i` may overwrite if nothing else references it
 * (jit's buffer pool): the result is then a new view of that buffer.
 * @param program - a well-formed elementwise program (see {@link checkFusedProgram}).
 * @param inputs - one tensor per program input, each broadcastable to `shape`, in its register's dtype.
 * @param shape - the output shape.
 * @param reuse - per output, a tensor whose buffer may be overwritten when nothing else references it.
 * @returns one new tensor of `shape` per entry of `program.outputs`.
 * @example
 * ```ts
 * const program: FusedProgram = {
 *   numInputs: 1, dtypes: ['float32', 'float32'], instrs: [{ op: 'unary', fn: 'exp', x: 0 }], outputs: [1],
 * };
 * const [y] = runFused(program, [tensor([0, 1])], [2]); // [1, 2.7182817]
 * ```
 */
export function runFused(program: FusedProgram, inputs: readonly Tensor[], shape: readonly number[], reuse?: readonly (Tensor | null | undefined)[]): Tensor[] {
  // Programs are immutable: each is checked once.
  if (!CHECKED.has(program)) {
    checkFusedProgram(program, program.numInputs);
    CHECKED.add(program);
  }
  if (inputs.length !== program.numInputs) throw new Error(`runFused: the program takes ${program.numInputs} inputs, got ${inputs.length}`);
  for (let i = 0; i < inputs.length; i++) {
    const t = inputs[i];
    t.assertAlive('runFused');
    if (t.complexParts) throw new Error(`runFused: input ${i} is complex64 ${fmtShape(t.shape)}; fused programs take real dtypes`);
    if (t.dtype !== program.dtypes[i]) throw new Error(`runFused: input ${i} is ${t.dtype}, the program expects ${program.dtypes[i]}`);
    if (!shapesEqual(t.shape, shape) && !shapesEqual(broadcastShapes('runFused', t.shape, shape), shape)) {
      throw new Error(`runFused: input ${i} ${fmtShape(t.shape)} does not broadcast to ${fmtShape(shape)}`);
    }
  }
  const dtypes = program.dtypes;
  const lead = inputs.length > 0 ? inputs[0].dtype : dtypes[program.outputs[0]];
  const b = backendFor('fusedElementwise', lead, inputs);
  const n = sizeOf(shape);
  if (n > 0 && kernelRuns(b, program)) {
    const outs = program.outputs.map((r, i) => outputFor(b, dtypes[r], shape, reuse?.[i]));
    try {
      b.fusedElementwise!({ program, shape, inputs: inputs.map((t) => t.view(shape)), outputs: outs.map((t) => t.handle!.id) });
    } catch (e) {
      for (const t of outs) t.dispose();
      throw e;
    }
    return outs;
  }
  return runOpByOp(program, inputs, shape);
}

/** How linalg.ts runs a (fused) matmul into an optional reusable output buffer; see {@link runMatMul}. */
export type MatMulRunner = (
  op: 'matMul' | 'fusedMatMul',
  inputs: readonly Tensor[],
  attrs: Readonly<Record<string, unknown>>,
  reuse: Tensor | null | undefined,
) => Tensor;

let matMulRunner: MatMulRunner | null = null;

/** Called once by linalg.ts (which this file cannot import without making its internals public). */
export function registerMatMulRunner(f: MatMulRunner): void {
  matMulRunner = f;
}

/**
 * Runs a `matMul` or `fusedMatMul` node of a replayed graph with its recorded attrs (`transposeA`,
 * `transposeB`; for fusedMatMul also `activation`, `alpha`, and the bias as a third input), exactly as the public
 * op does (same checks, same recording), except that the product may overwrite `reuse`'s buffer when nothing else
 * references it (jit's buffer pool, as {@link runFused}'s `reuse`): the result is then a new view of that buffer.
 * @param op - 'matMul' or 'fusedMatMul'.
 * @param inputs - `[a, b]`, plus the bias for fusedMatMul when it has one.
 * @param attrs - the recorded attrs: `transposeA`, `transposeB`, and for fusedMatMul `activation` and `alpha`.
 * @param reuse - a tensor whose buffer the product may overwrite when nothing else references it.
 * @returns the product, as {@link matMul} or {@link fusedMatMul} would return it.
 * @example
 * ```ts
 * const y = runMatMul('matMul', [tensor([[1, 2]]), tensor([[3], [4]])], { transposeA: false, transposeB: false }); // [[11]]
 * ```
 */
export function runMatMul(
  op: 'matMul' | 'fusedMatMul',
  inputs: readonly Tensor[],
  attrs: Readonly<Record<string, unknown>>,
  reuse?: Tensor | null,
): Tensor {
  if (matMulRunner === null) throw new Error('runMatMul: the matmul ops are not loaded');
  return matMulRunner(op, inputs, attrs, reuse);
}

/** The lowering: one primitive kernel per instruction, intermediates freed. */
function runOpByOp(program: FusedProgram, inputs: readonly Tensor[], shape: readonly number[]): Tensor[] {
  const dtypes = program.dtypes;
  ENGINE.opDepth++;
  ENGINE.startScope();
  let outs: Tensor[] = [];
  try {
    const regs: Tensor[] = [...inputs];
    for (let i = 0; i < program.instrs.length; i++) {
      const ins = program.instrs[i];
      const dtype = dtypes[inputs.length + i];
      switch (ins.op) {
        case 'unary':
          regs.push(o.un(ins.fn, regs[ins.x]));
          break;
        case 'binary':
          regs.push(o.bin(ins.fn, regs[ins.a], regs[ins.b]));
          break;
        case 'compare':
          regs.push(o.cmp(ins.fn, regs[ins.a], regs[ins.b]));
          break;
        case 'select':
          regs.push(o.sel(regs[ins.cond], regs[ins.a], regs[ins.b]));
          break;
        case 'cast':
          regs.push(regs[ins.x].dtype === dtype ? regs[ins.x] : castKernel(regs[ins.x], dtype));
          break;
        case 'const':
          regs.push(scalarLike(ins.value, dtype));
          break;
      }
    }
    const taken = new Set<Tensor>(inputs);
    outs = program.outputs.map((r) => {
      const t = regs[r];
      if (shapesEqual(t.shape, shape) && !taken.has(t)) {
        taken.add(t);
        return t;
      }
      // An output computed at a smaller (broadcast) shape, or one that is an input or another output (a no-op
      // cast), is copied into a buffer of its own at the program's shape.
      const full = newOutput(t.handle!.backend, t.dtype, shape);
      if (full.size > 0) t.handle!.backend.copy(t.view(shape), full.view());
      return full;
    });
  } finally {
    ENGINE.endScope(new Set(outs));
    ENGINE.opDepth--;
  }
  return outs;
}
