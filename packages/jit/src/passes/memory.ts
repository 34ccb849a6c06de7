/**
 * Memory planning for the fast replay: when each intermediate can be freed (right after its last reader, not at
 * the end of the call), and which buffers fused and matmul nodes write into. Their outputs that the function does not
 * return get a slot of a pool that lives as long as the compiled function: values whose buffer lifetimes do not
 * overlap share a slot, and the same buffers serve every call. Views (reshape, transpose, slices ...) keep their
 * base's buffer alive, so a base's lifetime ends with its views' last use. At run time a slot is only reused
 * when nothing else references its buffer, so a plan can never make two live values share memory.
 */
import { sizeOf, type DType } from '@lab/core';
import { graphOutputs, type Graph } from '../graph.js';

/** Ops whose first output may share its first input's buffer. */
const VIEW_OPS = new Set([
  'reshape', 'transpose', 'expandDims', 'squeeze', 'broadcastTo', 'identity', 'stopGradient', 'slice', 'split', 'unstack',
  'stridedSlice', 'concat', 'gather',
]);

/** Op nodes whose output may be written into a pool slot (core's `runMatMul` takes a reusable buffer). */
export const POOLED_OPS: ReadonlySet<string> = new Set(['matMul', 'fusedMatMul']);

/** True when node `node`'s outputs get pool slots: fused nodes and {@link POOLED_OPS}. */
export function usesPool(node: Graph['nodes'][number]): boolean {
  return node.kind === 'fused' || (node.kind === 'op' && POOLED_OPS.has(node.op));
}

/** The plan: per node, the values to free after it runs; per pooled node, its output slots. */
export interface MemoryPlan {
  /** For node i, the values whose last reader it is (intermediates only). */
  readonly freeAfter: readonly (readonly number[])[];
  /** For node i (fused and matmul nodes only), the pool slot of each output, or -1 for a fresh buffer. */
  readonly slots: readonly (readonly number[] | null)[];
  /** The pool: one entry per slot. */
  readonly slotSpecs: readonly { readonly dtype: DType; readonly size: number }[];
}

/** Plans frees and buffer slots for `g` run in node order. */
export function planMemory(g: Graph): MemoryPlan {
  const n = g.nodes.length;
  const outputs = new Set(graphOutputs(g));
  const lastUse = new Map<number, number>();
  g.nodes.forEach((node, i) => {
    for (const v of node.inputs) lastUse.set(v, i);
  });
  const freeAfter: number[][] = g.nodes.map(() => []);
  g.nodes.forEach((node, i) => {
    for (const v of node.outputs) {
      if (outputs.has(v) || node.kind === 'assign') continue;
      // A value nothing reads is freed right after it is made.
      freeAfter[lastUse.get(v) ?? i].push(v);
    }
  });

  // Buffer lifetimes: a value's own last use, extended by the views made of it.
  const base = new Map<number, number>();
  const bufferEnd = new Map<number, number>();
  g.nodes.forEach((node, i) => {
    for (const v of node.outputs) bufferEnd.set(v, lastUse.get(v) ?? i);
    if (node.kind === 'op' && VIEW_OPS.has(node.op) && node.inputs.length > 0) {
      const root = base.get(node.inputs[0]) ?? node.inputs[0];
      for (const v of node.outputs) base.set(v, root);
    }
  });
  for (const [v, root] of base) {
    const end = outputs.has(v) ? Infinity : (bufferEnd.get(v) ?? 0);
    bufferEnd.set(root, Math.max(bufferEnd.get(root) ?? 0, end));
  }

  const slotSpecs: { dtype: DType; size: number }[] = [];
  const slotFreeAt: number[] = [];
  const slots: (number[] | null)[] = new Array<number[] | null>(n).fill(null);
  g.nodes.forEach((node, i) => {
    if (!usesPool(node)) return;
    slots[i] = node.outputs.map((v) => {
      const end = bufferEnd.get(v) ?? i;
      if (outputs.has(v) || end === Infinity) return -1;
      const info = g.values[v];
      const size = sizeOf(info.shape);
      let s = slotSpecs.findIndex((sp, k) => sp.dtype === info.dtype && sp.size === size && slotFreeAt[k] < i);
      if (s < 0) {
        s = slotSpecs.length;
        slotSpecs.push({ dtype: info.dtype, size });
        slotFreeAt.push(-1);
      }
      slotFreeAt[s] = end;
      return s;
    });
  });
  return { freeAfter, slots, slotSpecs };
}
