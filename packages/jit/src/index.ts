/**
 * @lab/jit: TensorFlow's `tf.function` for lab. `jit(fn)` traces `fn` into a graph on the first call with each
 * input signature and replays the graph afterwards without running the JavaScript body; the graph is optimised
 * (dead code, constant folding, common subexpressions, fused elementwise chains, buffer reuse) and can be saved
 * with a module's variables and loaded without the code that made it.
 *
 * ```ts
 * import { init, tensor, sum } from '@lab/core';
 * import { cpu } from '@lab/backend-cpu';
 * import { jit } from '@lab/jit';
 * await init(cpu);
 * const f = jit((x) => { console.log('Tracing...'); return sum(x); });
 * f(tensor([1, 2, 3], 'int32'));    // Tracing... 6
 * f(tensor([10, 9, 8], 'int32'));   // 27 (no trace)
 * f(tensor([10, 9.1, 8.2]));        // Tracing... 27.3 (float32: a new signature)
 * ```
 * @packageDocumentation
 */
export {
  jit,
  isJitFunction,
  type JitFunction,
  type JitOptions,
  type JitEagerInfo,
  type JitConstantAssignInfo,
  type ConcreteFunction,
} from './jit.js';
export type { Graph, GraphNode, NodeKind, ValueInfo, ValueSource, VariableInfo, Template, Plain } from './graph.js';
export { describeGraph } from './graph.js';
export type { ArgSpec } from './signature.js';
export type { PlanStats } from './replay.js';
export {
  eliminateDeadCode,
  foldConstants,
  eliminateCommonSubexpressions,
  forwardIdentities,
  fuseElementwise,
  fuseMatMulEpilogues,
  isElementwiseOp,
  planMemory,
  compact,
  type PassOptions,
  type FoldOptions,
  type FusionOptions,
  type MemoryPlan,
} from './passes/index.js';
export {
  exportModule,
  exportModuleAsync,
  importModule,
  encodePlain,
  LoadError,
  type ModuleArtifacts,
  type LoadedModule,
  type SavedModuleJSON,
  type SavedVariable,
  type SavedConstant,
  type SavedTrace,
  type SavedGraphVariable,
  type SavedData,
} from './save.js';
