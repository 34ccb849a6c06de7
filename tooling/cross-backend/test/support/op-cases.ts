/**
 * The op sample every backend runs through the public API. Each case builds its inputs from fixed host values on
 * the current backend and returns its result(s); the suite runs it on cpu and on the backend under test and
 * compares. `expected` (where given) is an independent hand or plain-JS value, checked on every backend, cpu too.
 *
 * "large" cases are sized above the wasm backend's threading thresholds (65,536 elements, 2^18 multiply-adds), so
 * the 2-thread backend really splits them across its worker.
 */
import * as lab from '@lab/core';
import type { DType, Tensor } from '@lab/core';
import type { Tol } from './values.js';
import { Rng } from '@lab/backend-testkit';

/** One op case. */
export interface OpCase {
  readonly name: string;
  /** Builds inputs and runs the op(s) on the current backend. */
  readonly build: () => Tensor | Tensor[];
  /** Tolerance against cpu (default float32 elementwise: rtol 1e-5, atol 1e-6; exact for int32/bool). */
  readonly tol?: Tol;
  /** Independent expected values (nested or flat), compared with `expectedTol` (default: `tol`). */
  readonly expected?: unknown;
  readonly expectedTol?: Tol;
}

/** Deterministic inputs: mulberry32 seeded with the case's own seed. */
export function rand(n: number, seed: number, lo = -2, hi = 2): number[] {
  const r = new Rng(seed);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const u = r.next();
    // Round to float32 so host values and tensors hold the same numbers.
    out[i] = Math.fround(lo + (hi - lo) * u);
  }
  return out;
}

/** Random integers in [lo, hi]. */
export function randInt(n: number, seed: number, lo: number, hi: number): number[] {
  return rand(n, seed, 0, 1).map((u) => lo + Math.min(hi - lo, Math.floor(u * (hi - lo + 1))));
}

const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** A tensor of random values in [lo, hi) with the given shape and dtype. */
function r(shape: number[], seed: number, lo = -2, hi = 2, dtype: DType = 'float32'): Tensor {
  return lab.tensor(rand(size(shape), seed, lo, hi), { shape, dtype });
}

function ri(shape: number[], seed: number, lo: number, hi: number): Tensor {
  return lab.tensor(randInt(size(shape), seed, lo, hi), { shape, dtype: 'int32' });
}

/** Accumulating kernels (sums of k terms): looser than elementwise. */
const ACC: Tol = { rtol: 1e-4, atol: 1e-5 };
/** Transcendentals: GPUs and SIMD polynomials differ from libm in the last bits. */
const TRANS: Tol = { rtol: 2e-5, atol: 2e-6 };

/** Plain-JS references for a few ops (independent of every backend). */
const js = {
  matMul(a: number[], b: number[], m: number, k: number, n: number, ta = false, tb = false): number[] {
    const out = new Array<number>(m * n).fill(0);
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let p = 0; p < k; p++) s += (ta ? a[p * m + i] : a[i * k + p]) * (tb ? b[j * k + p] : b[p * n + j]);
        out[i * n + j] = s;
      }
    return out;
  },
  softmaxRows(x: number[], rows: number, cols: number): number[] {
    const out: number[] = [];
    for (let i = 0; i < rows; i++) {
      const row = x.slice(i * cols, (i + 1) * cols);
      const mx = Math.max(...row);
      const e = row.map((v) => Math.exp(v - mx));
      const s = e.reduce((a, b) => a + b, 0);
      out.push(...e.map((v) => v / s));
    }
    return out;
  },
};

const A23 = [1, 2, 3, 4, 5, 6];

export const OP_CASES: readonly OpCase[] = [
  // ---------------------------------------------------------------- elementwise
  { name: 'add/sub/mul/div float32', build: () => { const a = r([3, 5], 1); const b = r([3, 5], 2, 0.5, 3); return [a.add(b), a.sub(b), a.mul(b), a.div(b)]; } },
  { name: 'pow, maximum, minimum, squaredDifference', build: () => { const a = r([4, 4], 3, 0.1, 3); const b = r([4, 4], 4, -2, 2); return [lab.pow(a, b), lab.maximum(a, b), lab.minimum(a, b), lab.squaredDifference(a, b)]; }, tol: TRANS },
  { name: 'int32 add/mul/floorDiv/mod with mixed signs', build: () => { const a = ri([20], 5, -50, 50); const b = ri([20], 6, 1, 9).mul(lab.tensor([1, -1], 'int32').tile([10])); return [a.add(b), a.mul(b), lab.floorDiv(a, b), lab.mod(a, b)]; } },
  { name: 'int32 wraps: 2147483647 + 1', build: () => lab.tensor([2147483647], 'int32').add(lab.tensor([1], 'int32')), expected: [-2147483648] },
  { name: 'neg, abs, sign, square, sqrt, rsqrt, reciprocal', build: () => { const x = r([17], 7, 0.1, 4); const y = r([17], 8); return [y.neg(), y.abs(), y.sign(), y.square(), x.sqrt(), x.rsqrt(), x.reciprocal()]; }, tol: TRANS },
  { name: 'exp, log, log1p, expm1', build: () => { const x = r([33], 9, -3, 3); const p = r([33], 10, 0.01, 5); return [x.exp(), p.log(), p.log1p(), x.expm1()]; }, tol: TRANS },
  { name: 'sin, cos, tan, tanh, erf', build: () => { const x = r([40], 11, -3, 3); const t = r([40], 12, -1.2, 1.2); return [x.sin(), x.cos(), t.tan(), x.tanh(), x.erf()]; }, tol: { rtol: 1e-4, atol: 1e-5 } },
  { name: 'activations: sigmoid, relu, relu6, leakyRelu, elu, selu, gelu, silu, softplus, softsign', build: () => { const x = r([64], 13, -8, 8); return [x.sigmoid(), x.relu(), x.relu6(), x.leakyRelu(0.1), x.elu(), x.selu(), x.gelu(), x.silu(), x.softplus(), x.softsign()]; }, tol: { rtol: 1e-4, atol: 1e-5 } },
  { name: 'round (half to even), floor, ceil, trunc, clipByValue', build: () => { const x = lab.tensor([-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 1.2, -1.7]); return [x.round(), x.floor(), x.ceil(), lab.trunc(x), x.clipByValue(-1, 1)]; },
    expected: [[-2, -2, -0, 0, 2, 2, 1, -2], [-3, -2, -1, 0, 1, 2, 1, -2], [-2, -1, -0, 1, 2, 3, 2, -1], [-2, -1, -0, 0, 1, 2, 1, -1], [-1, -1, -0.5, 0.5, 1, 1, 1, -1]], tol: { rtol: 0, atol: 0 } },
  { name: 'NaN and Inf propagate: maximum, relu, exp, isNaN, isFinite', build: () => { const x = lab.tensor([NaN, Infinity, -Infinity, 1, -1]); const y = lab.tensor([0, 0, 0, NaN, 0]); return [lab.maximum(x, y), x.relu(), x.exp(), x.isNaN(), x.isFinite(), x.isInf()]; },
    expected: [[NaN, Infinity, 0, NaN, 0], [NaN, Infinity, 0, 1, 0], [NaN, Infinity, 0, Math.E, 1 / Math.E], [1, 0, 0, 0, 0], [0, 0, 0, 1, 1], [0, 1, 1, 0, 0]], expectedTol: { rtol: 1e-6, atol: 0 } },
  { name: 'compare and logical ops', build: () => { const a = ri([24], 14, -3, 3); const b = ri([24], 15, -3, 3); const m = a.greater(b); return [a.equal(b), a.notEqual(b), a.less(b), a.lessEqual(b), m, a.greaterEqual(b), m.logicalAnd(a.equal(0).logicalNot()), m.logicalOr(a.equal(b)), m.logicalXor(a.less(0))]; } },
  { name: 'large elementwise [300,300] (threaded on wasm-2t)', build: () => { const a = r([300, 300], 16); const b = r([300, 300], 17, 0.5, 2); return [a.mul(b).add(a.exp()), a.div(b).tanh(), a.greater(0.25)]; }, tol: TRANS },

  // ---------------------------------------------------------------- broadcasting
  { name: 'broadcast [2,3,4] + [3,1], * [4], - scalar', build: () => { const a = r([2, 3, 4], 18); const b = r([3, 1], 19); const c = r([4], 20); return [a.add(b), a.mul(c), a.sub(2.5), lab.sub(1, a)]; } },
  { name: 'broadcast outer product [5,1] * [1,6] and int32 [4,1] + [3]', build: () => [r([5, 1], 21).mul(r([1, 6], 22)), ri([4, 1], 23, -9, 9).add(ri([3], 24, -9, 9))] },
  { name: 'broadcast rank 5 [2,1,3,1,2] * [1,2,1,4,1]', build: () => r([2, 1, 3, 1, 2], 25).mul(r([1, 2, 1, 4, 1], 26)) },
  { name: 'broadcastTo, tile, expandDims, squeeze', build: () => { const x = r([3, 1], 27); return [x.broadcastTo([2, 3, 4]), x.tile([2, 3]), x.expandDims(0), x.squeeze()]; } },
  { name: 'C1: x + x, 5 * x', build: () => { const x = lab.tensor([[1, 2, 3], [4, 5, 6]]); return [x.add(x), lab.mul(5, x)]; }, expected: [[[2, 4, 6], [8, 10, 12]], [[5, 10, 15], [20, 25, 30]]] },

  // ---------------------------------------------------------------- reductions
  { name: 'sum over every axis choice of [3,4,5]', build: () => { const x = r([3, 4, 5], 28); return [x.sum(), x.sum(0), x.sum(1), x.sum(2), x.sum([0, 2]), x.sum([1, 2], true), x.sum(-1, true)]; }, tol: ACC },
  { name: 'mean, max, min, prod over axes', build: () => { const x = r([4, 3, 6], 29, 0.5, 1.5); return [x.mean(), x.mean([0, 1]), x.max(1), x.min([0, 2]), x.prod(2), x.max(), x.min(-1, true)]; }, tol: ACC },
  { name: 'argMax, argMin (first tie), any, all', build: () => { const x = lab.tensor([[1, 3, 3, 0], [2, 2, -1, -1], [5, 4, 5, 4]]); const b = x.greater(2); return [x.argMax(1), x.argMin(1), x.argMax(0), b.any(1), b.all(0), b.any()]; },
    expected: [[1, 0, 0], [3, 2, 1], [2, 2, 2, 2], [1, 0, 1], [0, 0, 0, 0], [1]] },
  { name: 'int32 sum and max', build: () => { const x = ri([6, 7], 30, -100, 100); return [x.sum(), x.sum(0), x.max(1), x.min()]; } },
  { name: 'logSumExp over axes', build: () => { const x = r([3, 8], 31, -5, 5); return [x.logSumExp(), x.logSumExp(1), x.logSumExp(0, true)]; }, tol: ACC },
  { name: 'C1: reduce_sum(x) = 21', build: () => lab.sum(lab.tensor([[1, 2, 3], [4, 5, 6]])), expected: 21 },
  { name: 'large reductions [300,300] (threaded on wasm-2t)', build: () => { const x = r([300, 300], 32); return [x.sum(0), x.sum(1), x.max(0), x.mean()]; }, tol: { rtol: 1e-4, atol: 1e-4 } },

  // ---------------------------------------------------------------- matMul
  { name: 'matMul with every transpose', build: () => { const a = r([3, 4], 33); const b = r([4, 5], 34); const at = r([4, 3], 35); const bt = r([5, 4], 36); return [lab.matMul(a, b), lab.matMul(at, b, true, false), lab.matMul(a, bt, false, true), lab.matMul(at, bt, true, true)]; }, tol: ACC,
    expected: [js.matMul(rand(12, 33), rand(20, 34), 3, 4, 5), js.matMul(rand(12, 35), rand(20, 34), 3, 4, 5, true), js.matMul(rand(12, 33), rand(20, 36), 3, 4, 5, false, true), js.matMul(rand(12, 35), rand(20, 36), 3, 4, 5, true, true)].flat() },
  { name: 'batched matMul [2,3,4] x [2,4,5] and broadcast batch [2,3,4] x [4,5]', build: () => { const a = r([2, 3, 4], 37); return [lab.matMul(a, r([2, 4, 5], 38)), lab.matMul(a, r([4, 5], 39)), lab.matMul(r([1, 4, 3], 40), r([3, 4, 2], 41), true, false)]; }, tol: ACC },
  { name: 'matMul of a transposed view and dot, matVec, outer', build: () => { const a = r([5, 6], 42); const v = r([6], 43); return [lab.matMul(a.transpose(), a), lab.dot(v, v), lab.matVec(a, v), lab.outer(v, r([3], 44))]; }, tol: ACC },
  { name: 'int32 matMul', build: () => lab.matMul(ri([3, 4], 45, -9, 9), ri([4, 2], 46, -9, 9)) },
  { name: 'C1: x @ transpose(x) = [[14,32],[32,77]]', build: () => { const x = lab.tensor([[1, 2, 3], [4, 5, 6]]); return lab.matMul(x, lab.transpose(x)); }, expected: [[14, 32], [32, 77]] },
  { name: 'large matMul 128x96 x 96x80 (threaded on wasm-2t)', build: () => [lab.matMul(r([128, 96], 47), r([96, 80], 48)), lab.matMul(r([96, 128], 49), r([80, 96], 50), true, true)], tol: { rtol: 1e-4, atol: 1e-4 } },

  // ---------------------------------------------------------------- softmax
  { name: 'softmax and logSoftmax over the last and the first axis', build: () => { const x = r([4, 7], 51, -6, 6); return [x.softmax(), x.softmax(0), x.logSoftmax(), x.logSoftmax(0)]; }, tol: ACC },
  { name: 'softmax is stable for large inputs', build: () => lab.tensor([[1000, 1001, 1002], [-1000, -1000, -1000]]).softmax(), expected: [[0.09003057, 0.24472848, 0.66524094], [1 / 3, 1 / 3, 1 / 3]], expectedTol: { rtol: 1e-6, atol: 1e-7 } },
  { name: 'C1: softmax(x, -1) rows = [0.09003057, 0.24472848, 0.66524094]', build: () => lab.softmax(lab.tensor([[1, 2, 3], [4, 5, 6]]), -1), expected: js.softmaxRows(A23, 2, 3), expectedTol: { rtol: 1e-6, atol: 1e-7 } },
  { name: 'large softmax [256,300] (threaded on wasm-2t)', build: () => r([256, 300], 52, -4, 4).softmax(), tol: ACC },

  // ---------------------------------------------------------------- conv and pooling
  { name: 'conv2d valid, same, strided, dilated', build: () => { const x = r([2, 7, 6, 3], 53); const f = r([3, 3, 3, 4], 54); return [lab.conv2d(x, f), lab.conv2d(x, f, 1, 'same'), lab.conv2d(x, f, 2, 'same'), lab.conv2d(x, f, 1, 'valid', 2)]; }, tol: ACC },
  { name: 'depthwiseConv2d with a channel multiplier', build: () => lab.depthwiseConv2d(r([1, 6, 6, 3], 55), r([3, 3, 3, 2], 56), 1, 'same'), tol: ACC },
  { name: 'conv2d 1x1 equals a matMul (hand check)', build: () => lab.conv2d(lab.tensor([1, 2, 3, 4, 5, 6, 7, 8], { shape: [1, 2, 2, 2] }), lab.tensor([1, 0, 1, -1], { shape: [1, 1, 2, 2] })), expected: [[[[3, -2], [7, -4]], [[11, -6], [15, -8]]]] },
  { name: 'large conv2d [2,32,32,8] * [3,3,8,16] (threaded on wasm-2t)', build: () => lab.conv2d(r([2, 32, 32, 8], 57), r([3, 3, 8, 16], 58), 1, 'same'), tol: { rtol: 1e-4, atol: 1e-4 } },
  { name: 'maxPool and avgPool: valid, same, strided', build: () => { const x = r([2, 7, 7, 3], 59); return [x.maxPool(2), x.maxPool(3, 2, 'same'), x.avgPool(2), x.avgPool(3, 2, 'same'), x.avgPool([2, 3], [1, 2], 'valid')]; }, tol: ACC },
  { name: 'avgPool same counts in-bounds elements only (hand check)', build: () => lab.tensor([1, 2, 3, 4, 5, 6, 7, 8, 9], { shape: [1, 3, 3, 1] }).avgPool(2, 1, 'same'), expected: [3, 4, 4.5, 6, 7, 7.5, 7.5, 8.5, 9].map(Number) },
  { name: 'int32 maxPool', build: () => ri([1, 4, 4, 2], 60, -50, 50).maxPool(2) },
  { name: 'large maxPool/avgPool [2,96,96,8] (threaded on wasm-2t)', build: () => { const x = r([2, 96, 96, 8], 61); return [x.maxPool(2), x.avgPool(3, 2, 'same')]; }, tol: ACC },

  // ---------------------------------------------------------------- gather, concat, slicing
  { name: 'gather along axis 0 and 1, with repeated indices', build: () => { const x = r([5, 4], 62); return [x.gather(lab.tensor([4, 0, 0, 2], 'int32')), x.gather(lab.tensor([[3, 1], [0, 3]], 'int32'), 1)]; }, tol: { rtol: 0, atol: 0 } },
  { name: 'gather int32 and bool values', build: () => [ri([6], 63, -9, 9).gather(lab.tensor([5, 1, 1], 'int32')), lab.tensor([true, false, true]).gather(lab.tensor([2, 1], 'int32'))] },
  { name: 'gather hand check', build: () => lab.tensor([[1, 2], [3, 4], [5, 6]]).gather(lab.tensor([2, 0], 'int32')), expected: [[5, 6], [1, 2]] },
  { name: 'concat along axes 0, 1, -1; stack', build: () => { const a = r([2, 3], 64); const b = r([2, 3], 65); return [lab.concat([a, b, a], 0), lab.concat([a, b], 1), lab.concat([a.expandDims(2), b.expandDims(2)], -1), lab.stack([a, b], 1)]; }, tol: { rtol: 0, atol: 0 } },
  { name: 'concat int32 and bool', build: () => [lab.concat([ri([2, 2], 66, 0, 9), ri([1, 2], 67, 0, 9)]), lab.concat([lab.tensor([true]), lab.tensor([false, true])])] },
  { name: 'slice, at (rows, columns, ranges, steps, newaxis), stridedSlice, reverse', build: () => { const x = r([4, 5, 3], 68); return [x.slice([1, 0, 1], [2, 3, 2]), x.at(1), x.at(':', 2), x.at(lab.s(null, null, 2), lab.s(1, -1), lab.newaxis, 0), x.at('::-1, 1'), x.stridedSlice([0, 4, 0], [4, 0, 3], [2, -2, 1]), x.reverse([0, 2]), x.at(3, 4, 2)]; }, tol: { rtol: 0, atol: 0 } },
  { name: 'slices then compute (views feed kernels)', build: () => { const x = r([6, 6], 69); return [x.at(lab.s(1, 5), lab.s(0, null, 2)).mul(x.at(lab.s(0, 4), lab.s(1, null, 2))), lab.matMul(x.at(lab.s(null, 3)), x.at(':', lab.s(2, 5))), x.transpose().sum(1)]; }, tol: ACC },
  { name: 'pad, split, unstack, transpose with perm', build: () => { const x = r([2, 3, 4], 70); return [x.pad([[1, 0], [0, 2], [1, 1]], -1), ...x.split([1, 3], 2), ...x.unstack(1), x.transpose([2, 0, 1])]; }, tol: { rtol: 0, atol: 0 } },
  { name: 'oneHot and range/linspace/eye/fill creation', build: () => [lab.tensor([0, 2, 1, 3], 'int32').oneHot(4), lab.range(0, 10, 3), lab.linspace(-1, 1, 5), lab.eye(3), lab.fill([2, 2], 7, 'int32'), lab.zeros([2, 3]), lab.ones([3], 'int32')],
    expected: [[1, 0, 0, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 1], [0, 3, 6, 9], [-1, -0.5, 0, 0.5, 1], [1, 0, 0, 0, 1, 0, 0, 0, 1], [7, 7, 7, 7], [0, 0, 0, 0, 0, 0], [1, 1, 1]].flat() },

  // ---------------------------------------------------------------- cumsum, where, cast
  { name: 'cumsum: axes, exclusive, reverse', build: () => { const x = r([3, 5], 71); return [x.cumsum(0), x.cumsum(1), x.cumsum(1, true), x.cumsum(1, false, true), x.cumsum(0, true, true)]; }, tol: ACC },
  { name: 'cumsum hand check and int32', build: () => [lab.tensor([1, 2, 3, 4]).cumsum(), lab.tensor([1, 2, 3, 4], 'int32').cumsum(0, true, true)], expected: [1, 3, 6, 10, 9, 7, 4, 0] },
  { name: 'where(cond, a, b) with broadcasting', build: () => { const a = r([3, 4], 72); const b = r([4], 73); return [lab.where(a.greater(b), a, b), lab.where(lab.tensor([true, false, true, false]), a, 0), lab.where(a.less(0), ri([3, 4], 74, 0, 9), ri([1], 75, -9, -1))]; }, tol: { rtol: 0, atol: 0 } },
  { name: 'cast float32 -> int32 truncates, -> bool is x != 0, int32/bool -> float32', build: () => { const x = lab.tensor([-2.7, -0.5, 0, 0.5, 2.7, NaN]); return [x.cast('int32'), x.cast('bool'), lab.tensor([3, -4], 'int32').cast('float32'), lab.tensor([true, false]).cast('int32'), lab.tensor([7, 0, -1], 'int32').cast('bool')]; },
    expected: [-2, 0, 0, 0, 2, 0, 1, 1, 0, 1, 1, 1, 3, -4, 1, 0, 1, 0, 1] },
  { name: 'C2: cast([1,2,3] int32 -> float32) has dtype float32', build: () => lab.cast(lab.tensor([1, 2, 3], 'int32'), 'float32'), expected: [1, 2, 3] },
];
