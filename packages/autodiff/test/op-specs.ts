// How the numerical gradient checker calls every differentiable op: shapes (with broadcasting), input domains
// that stay away from kinks and poles, and attributes. One entry per op name in core's RECORDED_OPS.
import * as lab from '@lab/core';
import type { DifferentiableOpName, Tensor } from '@lab/core';

/** Draws one input value. */
export type Domain = (r: () => number) => number;

/** One argument of a case: a float64 tensor to differentiate, or a fixed bool/int tensor. */
export interface Arg {
  shape: number[];
  /** Draws each value independently. */
  domain?: Domain;
  /** Draws all `n` values at once (patterns: zeros at given places, distinct values). */
  fill?: (n: number, r: () => number) => number[];
  kind?: 'float' | 'bool' | 'int';
  /** The values of an int32 argument (indices, segment ids). */
  ints?: number[];
}

/** One call of an op. */
export interface Case {
  label: string;
  args: Arg[];
  call: (...xs: Tensor[]) => Tensor;
}

/** Everything the checker needs about one op. */
export interface OpSpec {
  cases: Case[];
  /** Skip the second-order check (documented per op). */
  firstOrderOnly?: string;
  /** Looser tolerance (relative) for ops evaluated through float32 or with large curvature. */
  rtol?: number;
  /** Finite-difference step (default 1e-5). */
  h?: number;
}

/** Uniform on [lo, hi). */
export const U = (lo: number, hi: number): Domain => (r) => lo + (hi - lo) * r();
/** Uniform on [lo, hi) with a random sign. */
export const PM = (lo: number, hi: number): Domain => (r) => (r() < 0.5 ? -1 : 1) * (lo + (hi - lo) * r());
/** Uniform on [lo, hi), at least `gap` away from each kink. */
export const AWAY =
  (lo: number, hi: number, kinks: readonly number[], gap = 0.05): Domain =>
  (r) => {
    for (;;) {
      const v = lo + (hi - lo) * r();
      if (kinks.every((k) => Math.abs(v - k) >= gap)) return v;
    }
  };
/** Half-integers plus jitter: never within 0.1 of an integer-plus-jitter value from {@link INTS}. */
export const HALVES: Domain = (r) => Math.floor(r() * 5) - 2 + 0.5 + (r() - 0.5) * 0.6;
/** Integers plus jitter. */
export const INTS: Domain = (r) => Math.floor(r() * 5) - 2 + (r() - 0.5) * 0.6;
/** Distinct values at least 0.1 apart in random order (reductions whose ties would break the check). */
export function distinct(n: number, r: () => number): number[] {
  const grid = Array.from({ length: n }, (_, i) => (i - n / 2) * 0.15 + r() * 0.05);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [grid[i], grid[j]] = [grid[j], grid[i]];
  }
  return grid;
}

/** Values in +-[0.5, 1.5] with zeros at the flat positions `at`. */
const zerosAt =
  (at: readonly number[]) =>
  (n: number, r: () => number): number[] =>
    Array.from({ length: n }, (_, i) => (at.includes(i) ? 0 : (r() < 0.5 ? -1 : 1) * (0.5 + r())));

const N = U(-2, 2);
const f = (shape: number[], domain: Domain = N): Arg => ({ shape, domain });
const bool = (shape: number[]): Arg => ({ shape, kind: 'bool' });
const int = (shape: number[], ints: number[]): Arg => ({ shape, kind: 'int', ints });
const dist = (shape: number[]): Arg => ({ shape, fill: distinct });
/** A scalar mixing several outputs non-uniformly, so each output's gradient matters. */
const mix = (ts: Tensor[]): Tensor => ts.reduce<Tensor>((acc, t, i) => lab.add(acc, lab.sum(lab.mul(lab.square(t), i + 1))), lab.tensor(0, 'float64'));

/** A unary op on a few shapes. */
function unary(fn: (x: Tensor) => Tensor, domain: Domain = N): Case[] {
  return [
    { label: 'scalar', args: [f([], domain)], call: fn },
    { label: '[3,4]', args: [f([3, 4], domain)], call: fn },
    { label: '[2,1,3]', args: [f([2, 1, 3], domain)], call: fn },
  ];
}

/** A binary op on equal, broadcast and scalar shapes. */
function binary(fn: (a: Tensor, b: Tensor) => Tensor, da: Domain = N, db: Domain = N): Case[] {
  const shapes: [number[], number[]][] = [
    [[3, 4], [3, 4]],
    [[3, 4], [4]],
    [[2, 1, 4], [3, 1]],
    [[], [2, 3]],
    [[2, 3], [1, 1]],
  ];
  return shapes.map(([a, b]) => ({ label: `[${a}] x [${b}]`, args: [f(a, da), f(b, db)], call: fn }));
}

/** A reduction over several axis choices, with and without keepDims. */
function reduction(fn: (x: Tensor, axis: number | number[] | undefined, keepDims: boolean) => Tensor, arg: (shape: number[]) => Arg = (shape) => f(shape)): Case[] {
  const axes: (number | number[] | undefined)[] = [undefined, 0, -1, [0, 2], 1];
  const out: Case[] = [];
  for (const ax of axes) {
    for (const keep of [false, true]) {
      out.push({ label: `axis ${JSON.stringify(ax)} keepDims ${keep}`, args: [arg([2, 3, 4])], call: (x) => fn(x, ax, keep) });
    }
  }
  out.push({ label: 'scalar', args: [arg([])], call: (x) => fn(x, undefined, false) });
  return out;
}

const ACTIVATIONS = ['linear', 'relu', 'relu6', 'sigmoid', 'tanh', 'gelu', 'elu', 'leakyRelu'] as const;

/**
 * Every differentiable op of core, keyed by recorded name. The type demands one entry per op core defines as
 * differentiable, so a new op without a numerical check does not compile.
 */
export const OP_SPECS: { readonly [N in DifferentiableOpName]: OpSpec } = {
  neg: { cases: unary(lab.neg) },
  abs: { cases: unary(lab.abs, AWAY(-2, 2, [0])) },
  square: { cases: unary(lab.square) },
  sqrt: { cases: unary(lab.sqrt, U(0.3, 3)) },
  rsqrt: { cases: unary(lab.rsqrt, U(0.3, 3)) },
  reciprocal: { cases: unary(lab.reciprocal, PM(0.4, 3)) },
  exp: { cases: unary(lab.exp) },
  expm1: { cases: unary(lab.expm1) },
  log: { cases: unary(lab.log, U(0.3, 3)) },
  log1p: { cases: unary(lab.log1p, U(-0.6, 3)) },
  sin: { cases: unary(lab.sin, U(-4, 4)) },
  cos: { cases: unary(lab.cos, U(-4, 4)) },
  tan: { cases: unary(lab.tan, U(-1.2, 1.2)) },
  asin: { cases: unary(lab.asin, U(-0.85, 0.85)) },
  acos: { cases: unary(lab.acos, U(-0.85, 0.85)) },
  atan: { cases: unary(lab.atan, U(-3, 3)) },
  sinh: { cases: unary(lab.sinh) },
  cosh: { cases: unary(lab.cosh) },
  tanh: { cases: unary(lab.tanh) },
  asinh: { cases: unary(lab.asinh, U(-3, 3)) },
  acosh: { cases: unary(lab.acosh, U(1.2, 4)) },
  atanh: { cases: unary(lab.atanh, U(-0.85, 0.85)) },
  erf: { cases: unary(lab.erf) },
  erfinv: { cases: unary(lab.erfinv, U(-0.9, 0.9)) },
  sigmoid: { cases: unary(lab.sigmoid, U(-4, 4)) },
  relu: { cases: unary(lab.relu, AWAY(-2, 2, [0])) },
  relu6: { cases: unary(lab.relu6, AWAY(-2, 8, [0, 6])) },
  elu: { cases: unary(lab.elu, AWAY(-3, 2, [0])) },
  selu: { cases: unary(lab.selu, AWAY(-3, 2, [0])) },
  gelu: { cases: unary(lab.gelu, U(-3, 3)) },
  silu: { cases: unary(lab.silu, U(-4, 4)) },
  softplus: { cases: unary(lab.softplus, U(-4, 4)) },
  softsign: { cases: unary(lab.softsign, AWAY(-3, 3, [0])) },
  leakyRelu: {
    cases: [...unary((x) => lab.leakyRelu(x), AWAY(-2, 2, [0])), { label: 'alpha 0.01', args: [f([5], AWAY(-2, 2, [0]))], call: (x) => lab.leakyRelu(x, 0.01) }],
  },
  clipByValue: { cases: unary((x) => lab.clipByValue(x, -0.5, 0.7), AWAY(-2, 2, [-0.5, 0.7])) },

  add: { cases: binary(lab.add) },
  sub: { cases: binary(lab.sub) },
  mul: { cases: binary(lab.mul) },
  div: { cases: binary(lab.div, N, PM(0.5, 2)) },
  mod: { cases: binary(lab.mod, PM(0.2, 1.3), PM(1.5, 2.5)) },
  pow: { cases: binary(lab.pow, U(0.5, 2), U(-2, 2)) },
  maximum: { cases: binary(lab.maximum, HALVES, INTS) },
  minimum: { cases: binary(lab.minimum, HALVES, INTS) },
  atan2: { cases: binary(lab.atan2, PM(0.3, 2), PM(0.3, 2)) },
  squaredDifference: { cases: binary(lab.squaredDifference) },
  where: {
    cases: [
      { label: 'same shapes', args: [bool([3, 4]), f([3, 4]), f([3, 4])], call: (c, a, b) => lab.where(c, a, b) },
      { label: 'broadcast', args: [bool([3, 1]), f([4]), f([])], call: (c, a, b) => lab.where(c, a, b) },
      { label: 'broadcast cond', args: [bool([2, 3]), f([1, 3]), f([2, 1])], call: (c, a, b) => lab.where(c, a, b) },
    ],
  },

  sum: { cases: reduction(lab.sum) },
  mean: { cases: reduction(lab.mean) },
  prod: {
    cases: [
      ...reduction(lab.prod, (shape) => f(shape, PM(0.5, 1.5))),
      { label: 'one zero per row', args: [{ shape: [3, 4], fill: zerosAt([1, 4, 11]) }], call: (x) => lab.prod(x, 1) },
      { label: 'two zeros in a row', args: [{ shape: [3, 4], fill: zerosAt([0, 2, 5]) }], call: (x) => lab.prod(x, 1) },
      { label: 'zeros, axis 0, keepDims', args: [{ shape: [3, 4], fill: zerosAt([0, 5, 9, 6]) }], call: (x) => lab.prod(x, 0, true) },
    ],
  },
  max: { cases: reduction(lab.max, (shape) => ({ shape, fill: distinct })) },
  min: { cases: reduction(lab.min, (shape) => ({ shape, fill: distinct })) },
  logSumExp: { cases: reduction(lab.logSumExp) },
  softmax: {
    cases: [
      { label: 'last axis', args: [f([3, 5])], call: (x) => lab.softmax(x) },
      { label: 'axis 0', args: [f([3, 5])], call: (x) => lab.softmax(x, 0) },
      { label: 'rank 3 axis 1', args: [f([2, 3, 4])], call: (x) => lab.softmax(x, 1) },
      { label: 'vector', args: [f([6])], call: (x) => lab.softmax(x) },
    ],
  },
  logSoftmax: {
    cases: [
      { label: 'last axis', args: [f([3, 5])], call: (x) => lab.logSoftmax(x) },
      { label: 'axis 0', args: [f([3, 5])], call: (x) => lab.logSoftmax(x, 0) },
      { label: 'rank 3 axis 1', args: [f([2, 3, 4])], call: (x) => lab.logSoftmax(x, 1) },
    ],
  },

  matMul: {
    cases: [
      { label: '[3,4] x [4,2]', args: [f([3, 4]), f([4, 2])], call: (a, b) => lab.matMul(a, b) },
      { label: 'transposeA', args: [f([4, 3]), f([4, 2])], call: (a, b) => lab.matMul(a, b, true, false) },
      { label: 'transposeB', args: [f([3, 4]), f([2, 4])], call: (a, b) => lab.matMul(a, b, false, true) },
      { label: 'both transposed', args: [f([4, 3]), f([2, 4])], call: (a, b) => lab.matMul(a, b, true, true) },
      { label: 'batched', args: [f([2, 3, 4]), f([2, 4, 2])], call: (a, b) => lab.matMul(a, b) },
      { label: 'broadcast batch [2,1,3,4] x [3,4,2]', args: [f([2, 1, 3, 4]), f([3, 4, 2])], call: (a, b) => lab.matMul(a, b) },
      { label: 'rank 2 x batched, transposed', args: [f([4, 3]), f([2, 2, 4])], call: (a, b) => lab.matMul(a, b, true, true) },
      { label: 'batch of 1 broadcast', args: [f([1, 3, 4]), f([3, 4, 2])], call: (a, b) => lab.matMul(a, b, false, false) },
    ],
  },
  fusedMatMul: {
    cases: ACTIVATIONS.flatMap((activation) => [
      {
        label: `${activation} + bias`,
        args: [f([3, 4]), f([4, 5]), f([5])],
        call: (a: Tensor, b: Tensor, bias: Tensor) => lab.fusedMatMul(a, b, { bias, activation, alpha: 0.1 }),
      },
      {
        label: `${activation} transposed, no bias`,
        args: [f([4, 3]), f([5, 4])],
        call: (a: Tensor, b: Tensor) => lab.fusedMatMul(a, b, { activation, transposeA: true, transposeB: true }),
      },
    ]),
  },

  reshape: { cases: [{ label: '[2,6] -> [3,4]', args: [f([2, 6])], call: (x) => lab.reshape(x, [3, -1]) }, { label: 'of a transpose', args: [f([3, 4])], call: (x) => lab.reshape(lab.transpose(x), [12]) }] },
  transpose: { cases: [{ label: 'matrix', args: [f([3, 4])], call: (x) => lab.transpose(x) }, { label: 'perm [1,2,0]', args: [f([2, 3, 4])], call: (x) => lab.transpose(x, [1, 2, 0]) }] },
  expandDims: { cases: [{ label: 'axis 1', args: [f([3, 4])], call: (x) => lab.expandDims(x, 1) }, { label: 'axis -1', args: [f([3])], call: (x) => lab.expandDims(x, -1) }] },
  squeeze: { cases: [{ label: 'all', args: [f([1, 3, 1, 2])], call: (x) => lab.squeeze(x) }, { label: 'axis 2', args: [f([3, 2, 1])], call: (x) => lab.squeeze(x, 2) }] },
  broadcastTo: { cases: [{ label: '[3,1] -> [2,3,4]', args: [f([3, 1])], call: (x) => lab.broadcastTo(x, [2, 3, 4]) }, { label: 'scalar', args: [f([])], call: (x) => lab.broadcastTo(x, [2, 2]) }] },
  identity: { cases: unary(lab.identity) },
  slice: {
    cases: [
      { label: '[3,4] begin [1,0] size [2,3]', args: [f([3, 4])], call: (x) => lab.slice(x, [1, 0], [2, 3]) },
      { label: 'rank 3, size -1', args: [f([2, 3, 4])], call: (x) => lab.slice(x, [0, 1, 2], [-1, 2, -1]) },
    ],
  },
  stridedSlice: {
    cases: [
      { label: 'steps 2, negative step', args: [f([5, 6])], call: (x) => lab.stridedSlice(x, [0, 5], [5, 0], [2, -2]) },
      { label: 'shrink and new axis', args: [f([3, 4, 2])], call: (x) => lab.stridedSlice(x, [1, 0, 0], [2, 4, 2], [1, 3, 1], { shrinkAxisMask: 1, newAxisMask: 0 }) },
      { label: "at(':, ::-1')", args: [f([3, 4])], call: (x) => lab.at(x, ':, ::-1') },
      { label: 'at(1, newaxis, 1::2)', args: [f([3, 5])], call: (x) => lab.at(x, 1, lab.newaxis, lab.s(1, null, 2)) },
    ],
  },
  stridedSliceBackprop: {
    cases: [
      { label: 'into [5,6]', args: [f([3, 3])], call: (g) => lab.stridedSliceBackprop(g, [5, 6], [0, 5], [5, 0], [2, -2]) },
      { label: 'shrink', args: [f([2, 2])], call: (g) => lab.stridedSliceBackprop(g, [3, 4, 2], [1, 0, 0], [2, 4, 2], [1, 3, 1], { shrinkAxisMask: 1 }) },
    ],
  },
  reverse: {
    cases: [
      { label: 'axis 1', args: [f([3, 4])], call: (x) => lab.reverse(x, 1) },
      { label: 'all axes', args: [f([2, 3, 2])], call: (x) => lab.reverse(x) },
    ],
  },
  pad: {
    cases: [
      { label: '[[1,2],[0,1]]', args: [f([2, 3])], call: (x) => lab.pad(x, [[1, 2], [0, 1]]) },
      { label: 'constant 3', args: [f([3])], call: (x) => lab.pad(x, [[2, 1]], 3) },
    ],
  },
  tile: {
    cases: [
      { label: 'reps [2,3]', args: [f([2, 3])], call: (x) => lab.tile(x, [2, 3]) },
      { label: 'reps [1,2,1]', args: [f([2, 1, 3])], call: (x) => lab.tile(x, [1, 2, 1]) },
    ],
  },
  concat: {
    cases: [
      { label: 'axis 0, three inputs', args: [f([2, 3]), f([1, 3]), f([3, 3])], call: (a, b, c) => lab.concat([a, b, c], 0) },
      { label: 'axis -1', args: [f([2, 2]), f([2, 3])], call: (a, b) => lab.concat([a, b], -1) },
      { label: 'one input', args: [f([4])], call: (a) => lab.concat([a]) },
    ],
  },
  stack: {
    cases: [
      { label: 'axis 0', args: [f([2, 3]), f([2, 3])], call: (a, b) => lab.stack([a, b]) },
      { label: 'axis 1, three', args: [f([3]), f([3]), f([3])], call: (a, b, c) => lab.stack([a, b, c], 1) },
    ],
  },
  split: {
    cases: [
      { label: 'sizes [1,2] axis 1', args: [f([2, 3])], call: (x) => mix(lab.split(x, [1, 2], 1)) },
      { label: 'three pieces, one unused', args: [f([6, 2])], call: (x) => mix(lab.split(x, 3).slice(0, 2)) },
    ],
  },
  unstack: {
    cases: [
      { label: 'axis 0', args: [f([3, 2])], call: (x) => mix(lab.unstack(x)) },
      { label: 'axis 1, one unused', args: [f([2, 3])], call: (x) => mix(lab.unstack(x, 1).slice(1)) },
    ],
  },
  gather: {
    cases: [
      { label: 'axis 0, duplicates', args: [f([4, 3]), int([5], [3, 0, 3, 1, 3])], call: (x, i) => lab.gather(x, i) },
      { label: 'axis 1, 2-D indices', args: [f([2, 4, 3]), int([2, 2], [0, 3, 3, 2])], call: (x, i) => lab.gather(x, i, 1) },
      { label: 'batchDims 1', args: [f([2, 4, 3]), int([2, 3], [0, 3, 3, 1, 1, 2])], call: (x, i) => lab.gather(x, i, 1, 1) },
    ],
  },
  gatherND: {
    cases: [
      { label: 'rows of [3,4]', args: [f([3, 4]), int([3, 1], [2, 0, 2])], call: (x, i) => lab.gatherND(x, i) },
      { label: 'elements of [2,3,2]', args: [f([2, 3, 2]), int([4, 3], [0, 1, 1, 1, 2, 0, 0, 1, 1, 1, 0, 0])], call: (x, i) => lab.gatherND(x, i) },
    ],
  },
  cumsum: {
    cases: [
      { label: 'axis 0', args: [f([4, 3])], call: (x) => lab.cumsum(x) },
      { label: 'axis 1 exclusive', args: [f([3, 4])], call: (x) => lab.cumsum(x, 1, true) },
      { label: 'axis -1 reverse', args: [f([2, 5])], call: (x) => lab.cumsum(x, -1, false, true) },
      { label: 'axis 0 exclusive reverse', args: [f([4, 2])], call: (x) => lab.cumsum(x, 0, true, true) },
    ],
  },
  cumprod: {
    cases: [
      { label: 'axis 0', args: [f([4, 3], PM(0.5, 1.5))], call: (x) => lab.cumprod(x) },
      { label: 'axis 1 exclusive', args: [f([3, 4], PM(0.5, 1.5))], call: (x) => lab.cumprod(x, 1, true) },
      { label: 'axis -1 reverse', args: [f([2, 5], PM(0.5, 1.5))], call: (x) => lab.cumprod(x, -1, false, true) },
    ],
  },
  unsortedSegmentSum: {
    cases: [
      { label: 'duplicates and a dropped id', args: [f([5, 3]), int([5], [2, 0, 2, -1, 1])], call: (x, i) => lab.unsortedSegmentSum(x, i, 4) },
      { label: '2-D ids', args: [f([2, 3, 2]), int([2, 3], [0, 1, 0, 2, 2, 1])], call: (x, i) => lab.unsortedSegmentSum(x, i, 3) },
    ],
  },
  topK: {
    cases: [
      { label: 'k 2 of [3,5]', args: [dist([3, 5])], call: (x) => lab.topK(x, 2).values },
      { label: 'k 3 unsorted', args: [dist([6])], call: (x) => lab.topK(x, 3, false).values },
    ],
  },
  conv2d: {
    cases: [
      { label: '3x3 valid', args: [f([2, 5, 5, 2]), f([3, 3, 2, 3])], call: (x, w) => lab.conv2d(x, w) },
      { label: 'stride 2 same', args: [f([1, 5, 6, 2]), f([3, 2, 2, 2])], call: (x, w) => lab.conv2d(x, w, 2, 'same') },
      { label: 'dilation 2', args: [f([1, 6, 6, 1]), f([2, 2, 1, 2])], call: (x, w) => lab.conv2d(x, w, 1, 'valid', 2) },
      { label: 'explicit padding', args: [f([1, 4, 4, 2]), f([3, 3, 2, 1])], call: (x, w) => lab.conv2d(x, w, [1, 2], [[1, 0], [2, 1]]) },
    ],
  },
  conv2dBackpropInput: {
    cases: [
      { label: 'stride 1 valid', args: [f([1, 3, 3, 3]), f([3, 3, 2, 3])], call: (g, w) => lab.conv2dBackpropInput(g, w, [1, 5, 5, 2]) },
      { label: 'conv2dTranspose stride 2 same', args: [f([1, 3, 3, 2]), f([3, 3, 1, 2])], call: (x, w) => lab.conv2dTranspose(x, w, [1, 6, 6, 1], 2, 'same') },
    ],
  },
  conv2dBackpropFilter: {
    cases: [
      { label: 'stride 1 valid', args: [f([1, 5, 5, 2]), f([1, 3, 3, 3])], call: (x, g) => lab.conv2dBackpropFilter(x, g, [3, 3, 2, 3]) },
      { label: 'stride 2 same', args: [f([1, 5, 5, 1]), f([1, 3, 3, 2])], call: (x, g) => lab.conv2dBackpropFilter(x, g, [3, 3, 1, 2], 2, 'same') },
    ],
  },
  depthwiseConv2d: {
    cases: [
      { label: 'multiplier 2 valid', args: [f([1, 4, 4, 2]), f([2, 2, 2, 2])], call: (x, w) => lab.depthwiseConv2d(x, w) },
      { label: 'stride 2 same', args: [f([2, 5, 5, 3]), f([3, 3, 3, 1])], call: (x, w) => lab.depthwiseConv2d(x, w, 2, 'same') },
    ],
  },
  depthwiseConv2dBackpropInput: {
    cases: [{ label: 'valid', args: [f([1, 3, 3, 4]), f([2, 2, 2, 2])], call: (g, w) => lab.depthwiseConv2dBackpropInput(g, w, [1, 4, 4, 2]) }],
  },
  depthwiseConv2dBackpropFilter: {
    cases: [{ label: 'valid', args: [f([1, 4, 4, 2]), f([1, 3, 3, 4])], call: (x, g) => lab.depthwiseConv2dBackpropFilter(x, g, [2, 2, 2, 2]) }],
  },
  maxPool: {
    cases: [
      { label: '2x2 stride 2', args: [dist([1, 4, 4, 2])], call: (x) => lab.maxPool(x, 2) },
      { label: '3x3 stride 1 same (overlapping)', args: [dist([2, 4, 5, 1])], call: (x) => lab.maxPool(x, 3, 1, 'same') },
    ],
  },
  avgPool: {
    cases: [
      { label: '2x2 valid', args: [f([1, 4, 4, 2])], call: (x) => lab.avgPool(x, 2) },
      { label: '3x3 stride 2 same', args: [f([2, 5, 5, 1])], call: (x) => lab.avgPool(x, 3, 2, 'same') },
    ],
  },
  maxPoolBackprop: {
    cases: [
      { label: '2x2 stride 2', args: [f([1, 2, 2, 2]), dist([1, 4, 4, 2])], call: (g, x) => lab.maxPoolBackprop(g, x, 2) },
      { label: '3x3 stride 1 same', args: [f([1, 4, 4, 1]), dist([1, 4, 4, 1])], call: (g, x) => lab.maxPoolBackprop(g, x, 3, 1, 'same') },
    ],
  },
  avgPoolBackprop: {
    cases: [
      { label: '2x2 valid', args: [f([1, 2, 2, 2])], call: (g) => lab.avgPoolBackprop(g, [1, 4, 4, 2], 2) },
      { label: '3x3 stride 2 same', args: [f([1, 3, 3, 1])], call: (g) => lab.avgPoolBackprop(g, [1, 5, 5, 1], 3, 2, 'same') },
    ],
  },
  // Through float32 and back: the numerical derivative sees float32 rounding.
  cast: { cases: [{ label: 'float64 -> float32', args: [f([3, 4])], call: (x) => lab.cast(x, 'float32') }], rtol: 2e-3, h: 1e-3 },
};
