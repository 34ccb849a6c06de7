/** Every op, as a function. Each family lives in its own file. */
export * from './creation.js';
export * from './unary.js';
export * from './binary.js';
export * from './compare.js';
export * from './reduce.js';
export * from './softmax.js';
export { hardSigmoid } from './hard-sigmoid.js';
export { decompose } from './decompose.js';
export * from './linalg.js';
export * from './shape.js';
export { castAsync } from './cast-async.js';
export * from './slicing.js';
export * from './indexing.js';
export * from './cumsum.js';
export { complex, real, imag, conj } from './complex.js';
export { RECORDED_OPS, type OpGradientKind } from './op-names.js';
export {
  opDefinition,
  opsOfFusionClass,
  type AttrsOf,
  type AxisAttrs,
  type ConvAttrs,
  type DifferentiableOpName,
  type FusedMatMulAttrs,
  type FusionClass,
  type MatMulAttrs,
  type OpDef,
  type OpName,
  type OpsOfFusionClass,
  type OpsWithGradient,
  type PoolAttrs,
  type ReduceAttrs,
  type Replay,
  type ScanAttrs,
  type StridedSliceAttrs,
  type WindowAttrs,
  type WithInputShape,
} from './defs/index.js';
export * from './tf-aliases.js';
export * from './concat.js';
export * from './conv.js';
export * from './pool.js';
export * from './topk.js';
export * from './random.js';
export * from './scatter.js';
