/**
 * @internal The hooks @lab/jit builds on: calling an op by its recorded name (replay), running a fused
 * elementwise program (the backend's optional kernel, or op by op), running a matMul / fusedMatMul into a reusable
 * buffer, and the trace-event channel that reports Variable writes, `readValue` and random draws to tracers.
 */
export { runOpByName, REPLAYABLE_OPS } from './ops/by-name.js';
export { runFused, runMatMul, checkFusedProgram } from './ops/fused.js';
export type { FusedInstr, FusedProgram, FusedElementwiseArgs, BackendFusedKernels } from './backend/fused-contract.js';
export { fusedOperands } from './backend/fused-contract.js';
export { addTraceListener, traceAssign, traceReadValue, traceRandom, type TraceEvent, type TraceListener, type AssignMode } from './engine/trace-events.js';
export { BufferPool } from './engine/buffer-pool.js';
export { withBufferPool, closeBufferPool } from './engine/buffer-pool-api.js';
