/**
 * @lab/core: tensors, dtypes, ops, the engine and the backend contract.
 *
 * ```ts
 * import { init, tensor } from '@lab/core';
 * import { cpu } from '@lab/backend-cpu';
 * await init(cpu);
 * const x = tensor([[1, 2, 3], [4, 5, 6]]);
 * console.log(x.matMul(x.transpose()).toString());
 * ```
 * @packageDocumentation
 */
export type * from './backend/contract.js';
export { hasKernel } from './backend/contract.js';
export { PRIMITIVE_UNARY_OPS, EXTENDED_UNARY_OPS, UNARY_OPS } from './backend/unary-ops.js';
export * from './dtype.js';
export { sizeOf, contiguousStrides, isContiguous, broadcastShapes, fmtShape, shapesEqual, normAxis, normAxes } from './util/shape.js';
export { float16BitsToFloat32, float32ToFloat16Bits } from './util/float16.js';
export { Tensor } from './tensor/tensor.js';
export { Variable, variable, type VariableOptions } from './tensor/variable.js';
export type { TensorLike, NestedArray, TensorOptions, ArrayValue, ComplexValue } from './tensor/types.js';
export type { RecordedOp, OpRecorder, MemoryInfo, BackendMemoryInfo, InitOptions } from './engine/engine.js';
export { formatArray } from './tensor/format.js';
export * from './engine/api.js';
export * from './ops/index.js';
export type { IndexSpec, SliceSpec, ResolvedIndex } from './ops/indexing.js';
export type { FusedMatMulOptions } from './ops/linalg.js';
export * from './jit-hooks.js';
