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
export { hasKernel, readsCheaply } from './backend/contract.js';
export { PRIMITIVE_UNARY_OPS, EXTENDED_UNARY_OPS, UNARY_OPS, UNARY_OP_DEFS, UNARY_INPUT_DTYPES, isBoolUnary } from './backend/unary-ops.js';
export type { UnaryOpDef, UnaryInputClass, BoolUnaryOp } from './backend/unary-ops.js';
export * from './dtype.js';
export { sizeOf, contiguousStrides, isContiguous, broadcastShapes, fmtShape, shapesEqual, normAxis, normAxes } from './util/shape.js';
export { float16BitsToFloat32, float32ToFloat16Bits } from './util/float16.js';
export { checkOptions, suggestKey } from './util/options.js';
export { Tensor } from './tensor/tensor.js';
export { Variable, variable, type VariableOptions } from './tensor/variable.js';
export type { TensorLike, NestedArray, TensorOptions, ArrayValue, ComplexValue, DTypeOf, BinaryDType, SumDType, RealDType } from './tensor/types.js';
export type { RecordedOp, OpRecorder, MemoryInfo, BackendMemoryInfo, InitOptions } from './engine/engine.js';
export { OutOfMemoryError, type OutOfMemoryDetails } from './engine/alloc-check.js';
export { formatArray } from './tensor/format.js';
export { print, printText } from './tensor/print.js';
export { debugReport } from './engine/debug-report.js';
export { HOST_CACHE_LIMIT } from './tensor/read.js';
export * from './engine/api.js';
export * from './ops/index.js';
export type { IndexSpec, SliceSpec, ResolvedIndex } from './ops/indexing.js';
export type { FusedMatMulOptions } from './ops/linalg.js';
export * from './jit-hooks.js';
