/**
 * A fused elementwise chain in one pass over memory (assembly/fused.ts; the program block is planned and written
 * by src/fused.ts), run by a generated SIMD loop on one thread, else by the interpreter split across threads.
 */
import type { FusedElementwiseArgs } from '@lab/core';
import { fusedMetaWords, planFused, writeFusedMeta, writeFusedProgram } from '../fused.js';
import { SIMD_BLOCK, fusedSimdFor } from '../fused-codegen.js';
import { PARAM_BYTES, fail } from '../memory.js';
import { PAR_ELEMENTS, type KernelRuntime } from '../runtime.js';
import { fill } from './elementwise.js';

/** Runs `args.program` over `args.shape`, writing every output. */
export function fusedElementwise(rt: KernelRuntime, args: FusedElementwiseArgs): void {
  const m = rt.mem;
  const { program, shape } = args;
  const plan = planFused(program);
  const ins = args.inputs.map((v) => m.vptr(v, 'fusedElementwise'));
  const outs = args.outputs.map((id, i) => {
    const o = m.out(id, 'fusedElementwise');
    const want = program.dtypes[program.outputs[i]];
    if (o.dtype !== want) fail('fusedElementwise', `output ${i} is ${o.dtype}, the program writes ${want}`);
    return o.ptr;
  });
  const n = shape.reduce((a, b) => a * b, 1);
  if (n === 0) return;
  const metaBytes = fusedMetaWords(shape.length, ins.length) * 4;
  const progAt = (metaBytes + 15) & ~15;
  // A program too big for the parameter area gets a heap block for this call.
  const big = progAt + plan.blockBytes > PARAM_BYTES ? m.heap.alloc(progAt + plan.blockBytes) : null;
  const base = big ? big.ptr : m.paramPtr;
  try {
    m.views();
    writeFusedMeta(m.i32, base >>> 2, shape, args.inputs.map((v) => v.strides));
    writeFusedProgram({ i32: m.i32, f32: m.f32, f64: m.f64, u8: m.u8 }, base + progAt, plan, program, ins, outs);
    // one thread: a generated SIMD loop when the chain has one, the interpreter for the rest and the tail
    const simd = rt.serial(n) ? fusedSimdFor(program, m.i32, base >>> 2, m.memory) : null;
    if (simd) {
      const n4 = n - (n % SIMD_BLOCK);
      if (n4 > 0) simd(0, n4 << 2, ...ins, ...outs);
      if (n4 < n) rt.k.fused(base + progAt, base, n4, n, rt.scratchFor(0, plan.workBytes));
    } else rt.par('fused', [base + progAt, base, 0, 0, 0], 2, n, n, PAR_ELEMENTS, 4, plan.workBytes);
    for (const c of plan.constOutputs) {
      const dtype = program.dtypes[program.outputs[c.index]];
      fill(rt, { id: args.outputs[c.index], dtype, shape: [n], strides: [1], offset: 0 }, c.value);
    }
  } finally {
    if (big) m.heap.release(big.ptr, big.cls);
  }
}
