/** The pass pipelines: the portable one (saved graphs, tape replays) and the fast one (backend-specific). */
import type { Graph } from '../graph.js';
import { foldConstants } from './constant-folding.js';
import { eliminateCommonSubexpressions } from './cse.js';
import { eliminateDeadCode } from './dce.js';
import { forwardIdentities } from './forward.js';
import { expandAssignUpdates } from './assign-update.js';
import { forwardAssignedValues } from './assigned-values.js';
import { fuseElementwise } from './fusion.js';
import { fuseMatMulEpilogues } from './matmul-epilogue.js';
import { splitMeans } from './split-mean.js';

export { eliminateDeadCode } from './dce.js';
export { foldConstants, type FoldOptions } from './constant-folding.js';
export { eliminateCommonSubexpressions } from './cse.js';
export { forwardIdentities } from './forward.js';
export { expandAssignUpdates } from './assign-update.js';
export { forwardAssignedValues } from './assigned-values.js';
export { fuseElementwise, isElementwiseOp, type FusionOptions } from './fusion.js';
export { fuseMatMulEpilogues } from './matmul-epilogue.js';
export { splitMeans } from './split-mean.js';
export { planMemory, type MemoryPlan } from './memory.js';
export { compact } from './compact.js';

/** Which passes run (all by default). */
export interface PassOptions {
  readonly deadCode?: boolean;
  readonly constantFolding?: boolean;
  readonly cse?: boolean;
  readonly fusion?: boolean;
  /** Bias adds and activations after a matMul become one `fusedMatMul` node (fast replays only). */
  readonly matmulEpilogue?: boolean;
  readonly memoryPlanning?: boolean;
}

/** Passes that keep every op a recorded op: the result replays through the public ops (tapes see them). */
export function optimizePortable(g: Graph, p: PassOptions): Graph {
  let out = g;
  if (p.deadCode !== false) out = eliminateDeadCode(out);
  if (p.constantFolding !== false) out = foldConstants(out);
  if (p.cse !== false) out = eliminateCommonSubexpressions(out);
  if (p.deadCode !== false) out = eliminateDeadCode(out);
  return out;
}

/**
 * Passes for a replay no tape watches: no-op views bypassed, matmul epilogues fused into the product (first, so
 * elementwise fusion does not take the bias add and the activation), elementwise chains fused, optimizer updates
 * (`assignSub` / `assignAdd`) included in the chain that computes their delta, reads of just-assigned variables
 * taken from the assigned value (so an optimizer's slot and parameter updates fuse into one kernel), and means split into a sum and a
 * division by an immediate count (no scalar tensor made per call).
 */
export function optimizeFast(g: Graph, p: PassOptions): Graph {
  let out = forwardIdentities(g);
  if (p.matmulEpilogue !== false) out = fuseMatMulEpilogues(out);
  if (p.fusion !== false) out = splitMeans(fuseElementwise(forwardAssignedValues(expandAssignUpdates(out))));
  if (p.deadCode !== false) out = eliminateDeadCode(out);
  return out;
}
