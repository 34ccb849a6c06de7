/** The float64 reference implementations, independent of every backend. */
export { viewOffsets, readView, writeView } from './strided.js';
export { erf, erfc, gelu } from './special.js';
export { activate, sigmoid, FUSED_ACTIVATIONS } from './activation.js';
export { unaryFloat, unaryInt, unaryRef, roundHalfEven, SELU_ALPHA, SELU_SCALE, BOOL_OUTPUT_UNARY } from './unary.js';
export { binaryFloat, binaryInt, binaryRef, compareRef, modFloat } from './binary.js';
export { castRef } from './cast.js';
export { reduceRef, type RefResult } from './reduce.js';
export { matmulRef, matmulExtents, type MatMulLayout } from './matmul.js';
export { gatherRef, scatterAddRef } from './gather.js';
export { cumsumRef } from './cumsum.js';
export { conv2dRef, conv2dTerms, pool2dRef, type Conv2DLayout, type Pool2DLayout } from './conv.js';
export { conv2dBackpropFilterRef, conv2dBackpropInputRef, pool2dBackpropRef, type BackpropRef } from './conv-backprop.js';
export { softmaxRef } from './softmax.js';
