/**
 * Every op name core records for the tape, and whether gradients flow through it. @lab/autodiff's tests check
 * that each differentiable op here has a gradient, so a new op cannot ship without one.
 * Add a line here whenever an op calls `record(...)` or `composite(...)` with a new name.
 */
export const RECORDED_OPS = {
  // unary (float)
  neg: 'differentiable', abs: 'differentiable', sign: 'zero', square: 'differentiable', sqrt: 'differentiable',
  rsqrt: 'differentiable', reciprocal: 'differentiable', exp: 'differentiable', expm1: 'differentiable',
  log: 'differentiable', log1p: 'differentiable', sin: 'differentiable', cos: 'differentiable', tan: 'differentiable',
  asin: 'differentiable', acos: 'differentiable', atan: 'differentiable', sinh: 'differentiable',
  cosh: 'differentiable', tanh: 'differentiable', asinh: 'differentiable', acosh: 'differentiable',
  atanh: 'differentiable', erf: 'differentiable', round: 'zero', floor: 'zero', ceil: 'zero', trunc: 'zero',
  logicalNot: 'none', isNaN: 'none', isFinite: 'none', isInf: 'none',
  sigmoid: 'differentiable', relu: 'differentiable', relu6: 'differentiable', elu: 'differentiable',
  selu: 'differentiable', gelu: 'differentiable', silu: 'differentiable', softplus: 'differentiable',
  softsign: 'differentiable', leakyRelu: 'differentiable', clipByValue: 'differentiable',
  // binary
  add: 'differentiable', sub: 'differentiable', mul: 'differentiable', div: 'differentiable', floorDiv: 'zero',
  mod: 'differentiable', pow: 'differentiable', maximum: 'differentiable', minimum: 'differentiable',
  atan2: 'differentiable', squaredDifference: 'differentiable', logicalAnd: 'none', logicalOr: 'none',
  logicalXor: 'none',
  // compare / select
  equal: 'none', notEqual: 'none', less: 'none', lessEqual: 'none', greater: 'none', greaterEqual: 'none',
  where: 'differentiable',
  // reductions
  sum: 'differentiable', prod: 'differentiable', max: 'differentiable', min: 'differentiable', mean: 'differentiable',
  all: 'none', any: 'none', argMax: 'none', argMin: 'none', logSumExp: 'differentiable',
  softmax: 'differentiable', logSoftmax: 'differentiable',
  // linear algebra
  matMul: 'differentiable', fusedMatMul: 'differentiable',
  // shape
  reshape: 'differentiable', transpose: 'differentiable', expandDims: 'differentiable', squeeze: 'differentiable',
  broadcastTo: 'differentiable', identity: 'differentiable', cast: 'differentiable', stopGradient: 'none',
  // slicing, indexing, assembling (at() records as stridedSlice)
  slice: 'differentiable', stridedSlice: 'differentiable', stridedSliceBackprop: 'differentiable',
  reverse: 'differentiable', pad: 'differentiable', tile: 'differentiable', concat: 'differentiable',
  stack: 'differentiable', split: 'differentiable', unstack: 'differentiable', gather: 'differentiable',
  gatherND: 'differentiable', oneHot: 'none',
  // scans, scatter, selection
  cumsum: 'differentiable', cumprod: 'differentiable', unsortedSegmentSum: 'differentiable', topK: 'differentiable',
  // convolution and pooling (conv2dTranspose records as conv2dBackpropInput)
  conv2d: 'differentiable', conv2dBackpropInput: 'differentiable', conv2dBackpropFilter: 'differentiable',
  depthwiseConv2d: 'differentiable', depthwiseConv2dBackpropInput: 'differentiable',
  depthwiseConv2dBackpropFilter: 'differentiable', maxPool: 'differentiable', avgPool: 'differentiable',
  maxPoolBackprop: 'differentiable', avgPoolBackprop: 'differentiable',
} as const satisfies Record<string, OpGradientKind>;

/**
 * How gradients treat an op: `differentiable` (has a gradient), `zero` (piecewise constant: gradient is zero),
 * `none` (integer/bool output: not differentiable; the tape stops there).
 */
export type OpGradientKind = 'differentiable' | 'zero' | 'none';
