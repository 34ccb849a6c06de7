// Entry point of lab-kernels.wasm: every kernel family, plus the end of static data so the host-side allocator
// knows where free memory starts.
export { unary } from './unary';
export { binary, compare } from './binary';
export { copy, fill, select, cast } from './copy';
export { reduce } from './reduce';
export { gather, scatterAdd, cumsum } from './gather';
export { softmax } from './softmax';
export { matmul, matmulWorkBytes } from './matmul';
export { conv2d, pool2d, convWorkBytes } from './conv';
export { conv2dBackpropInput, conv2dBackpropFilter, convBackpropInputWorkBytes, convBackpropFilterWorkBytes } from './conv-backprop';
export { pool2dBackprop } from './pool-backprop';
export { fused } from './fused';

/** First byte after the module's static data. */
export function heapBase(): usize {
  return __heap_base;
}
