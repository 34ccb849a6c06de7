// Differential test against TensorFlow.js 4.22 (tfjs-core + tfjs-backend-cpu): gradients of lab ops on random
// float32 inputs agree with tf.grads within float32 tolerance. The cases where tfjs itself is wrong
// (the team's measured TensorFlow.js anchors: maximum/minimum/squaredDifference/matMul with broadcasting, avgPool SAME,
// cumsum on a non-last or negative axis, prod on negative axes, unstack with one output, conv dilation,
// stridedSlice, topk, floorDiv, erf/gelu accuracy) are left out here: the numerical checker covers them.
import { beforeAll, describe, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
// Some tfjs gradients (prod) call tensor methods, which tfjs-core alone does not install.
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops';
import '@tensorflow/tfjs-backend-cpu';
import * as lab from '@lab/core';
import { grads } from '@lab/autodiff';
import { expectClose, rng, size } from './helpers.js';
import { useCpu } from './setup.js';

useCpu();
beforeAll(async () => {
  tf.env().set('IS_NODE', false); // no "install tfjs-node" banner
  await tf.setBackend('cpu');
});

/** One argument: float32 to differentiate (uniform on [lo, hi), or given values), or fixed int32 / bool values. */
interface Arg {
  shape: number[];
  lo?: number;
  hi?: number;
  ints?: number[];
  bools?: number[];
  values?: number[];
}

interface Case {
  name: string;
  args: Arg[];
  lab: (...xs: lab.Tensor[]) => lab.Tensor;
  tf: (...xs: tf.Tensor[]) => tf.Tensor;
  rtol?: number;
}

const A = (...shape: number[]): Arg => ({ shape, lo: -2, hi: 2 });
const P = (...shape: number[]): Arg => ({ shape, lo: 0.5, hi: 2 });
const I = (shape: number[], ints: number[]): Arg => ({ shape, ints });
const B = (shape: number[], bools: number[]): Arg => ({ shape, bools });
/** Distinct values (max-like ops have no ties). */
const D = (...shape: number[]): Arg => ({ shape, values: Array.from({ length: size(shape) }, (_, i) => ((i * 37) % 101) * 0.07 - 3) });

const CASES: Case[] = [
  { name: 'add (broadcast)', args: [A(3, 4), A(4)], lab: (a, b) => lab.add(a, b), tf: (a, b) => tf.add(a, b) },
  { name: 'sub (broadcast)', args: [A(2, 1, 3), A(4, 1)], lab: (a, b) => lab.sub(a, b), tf: (a, b) => tf.sub(a, b) },
  { name: 'mul (broadcast)', args: [A(3, 4), A(3, 1)], lab: (a, b) => lab.mul(a, b), tf: (a, b) => tf.mul(a, b) },
  { name: 'div', args: [A(3, 4), P(3, 4)], lab: (a, b) => lab.div(a, b), tf: (a, b) => tf.div(a, b) },
  { name: 'pow', args: [P(3, 4), A(3, 4)], lab: (a, b) => lab.pow(a, b), tf: (a, b) => tf.pow(a, b) },
  { name: 'maximum (same shapes)', args: [A(3, 4), A(3, 4)], lab: (a, b) => lab.maximum(a, b), tf: (a, b) => tf.maximum(a, b) },
  { name: 'exp', args: [A(5)], lab: (x) => lab.exp(x), tf: (x) => tf.exp(x) },
  { name: 'log', args: [P(5)], lab: (x) => lab.log(x), tf: (x) => tf.log(x) },
  { name: 'sqrt', args: [P(5)], lab: (x) => lab.sqrt(x), tf: (x) => tf.sqrt(x) },
  { name: 'sin, cos, tanh chain', args: [A(6)], lab: (x) => lab.tanh(lab.sin(lab.cos(x))), tf: (x) => tf.tanh(tf.sin(tf.cos(x))) },
  { name: 'sigmoid', args: [A(2, 3)], lab: (x) => lab.sigmoid(x), tf: (x) => tf.sigmoid(x) },
  { name: 'relu', args: [A(2, 3)], lab: (x) => lab.relu(x), tf: (x) => tf.relu(x) },
  { name: 'elu', args: [A(2, 3)], lab: (x) => lab.elu(x), tf: (x) => tf.elu(x) },
  { name: 'selu', args: [A(2, 3)], lab: (x) => lab.selu(x), tf: (x) => tf.selu(x) },
  { name: 'softplus', args: [A(2, 3)], lab: (x) => lab.softplus(x), tf: (x) => tf.softplus(x) },
  { name: 'leakyRelu', args: [A(2, 3)], lab: (x) => lab.leakyRelu(x, 0.1), tf: (x) => tf.leakyRelu(x, 0.1) },
  { name: 'clipByValue', args: [A(8)], lab: (x) => lab.clipByValue(x, -0.5, 1), tf: (x) => tf.clipByValue(x, -0.5, 1) },
  { name: 'abs, square, atan', args: [A(6)], lab: (x) => lab.atan(lab.square(lab.abs(x))), tf: (x) => tf.atan(tf.square(tf.abs(x))) },
  // tfjs cannot differentiate through a comparison of watched tensors ("gradient function not found for
  // Greater"), so the condition is a fixed bool argument.
  {
    name: 'where',
    args: [B([3, 4], [1, 0, 0, 1, 1, 1, 0, 0, 1, 0, 1, 0]), A(3, 4), A(3, 4)],
    lab: (c, a, b) => lab.where(c, lab.mul(a, b), lab.sub(a, b)),
    tf: (c, a, b) => tf.where(c, tf.mul(a, b), tf.sub(a, b)),
  },
  { name: 'sum over axis 1', args: [A(2, 3, 4)], lab: (x) => lab.sum(x, 1), tf: (x) => tf.sum(x, 1) },
  { name: 'mean keepDims', args: [A(2, 3, 4)], lab: (x) => lab.mean(x, [0, 2], true), tf: (x) => tf.mean(x, [0, 2], true) },
  { name: 'max over axis 1', args: [D(3, 5)], lab: (x) => lab.max(x, 1), tf: (x) => tf.max(x, 1) },
  { name: 'min over all', args: [D(3, 5)], lab: (x) => lab.min(x), tf: (x) => tf.min(x) },
  { name: 'prod over axis 1', args: [P(3, 4)], lab: (x) => lab.prod(x, 1), tf: (x) => tf.prod(x, 1) },
  { name: 'logSumExp', args: [A(3, 4)], lab: (x) => lab.logSumExp(x, 1), tf: (x) => tf.logSumExp(x, 1) },
  { name: 'matMul', args: [A(3, 4), A(4, 2)], lab: (a, b) => lab.matMul(a, b), tf: (a, b) => tf.matMul(a, b) },
  { name: 'matMul transposeA', args: [A(4, 3), A(4, 2)], lab: (a, b) => lab.matMul(a, b, true), tf: (a, b) => tf.matMul(a, b, true) },
  { name: 'matMul transposeB', args: [A(3, 4), A(2, 4)], lab: (a, b) => lab.matMul(a, b, false, true), tf: (a, b) => tf.matMul(a, b, false, true) },
  { name: 'matMul both, batched', args: [A(2, 4, 3), A(2, 5, 4)], lab: (a, b) => lab.matMul(a, b, true, true), tf: (a, b) => tf.matMul(a, b, true, true) },
  { name: 'softmax', args: [A(3, 5)], lab: (x) => lab.softmax(x), tf: (x) => tf.softmax(x) },
  { name: 'logSoftmax', args: [A(3, 5)], lab: (x) => lab.logSoftmax(x), tf: (x) => tf.logSoftmax(x) },
  { name: 'reshape, transpose', args: [A(2, 6)], lab: (x) => lab.transpose(lab.reshape(x, [3, 4]), [1, 0]).mul(x.reshape([4, 3])), tf: (x) => tf.mul(tf.transpose(tf.reshape(x, [3, 4]), [1, 0]), tf.reshape(x, [4, 3])) },
  { name: 'concat', args: [A(2, 3), A(2, 2)], lab: (a, b) => lab.concat([a, b], 1), tf: (a, b) => tf.concat([a, b], 1) },
  { name: 'stack', args: [A(2, 3), A(2, 3)], lab: (a, b) => lab.stack([a, b], 1), tf: (a, b) => tf.stack([a, b], 1) },
  { name: 'slice', args: [A(4, 5)], lab: (x) => lab.slice(x, [1, 2], [2, 3]), tf: (x) => tf.slice(x, [1, 2], [2, 3]) },
  { name: 'pad', args: [A(2, 3)], lab: (x) => lab.pad(x, [[1, 0], [2, 1]]), tf: (x) => tf.pad(x, [[1, 0], [2, 1]]) },
  { name: 'tile', args: [A(2, 3)], lab: (x) => lab.tile(x, [2, 2]), tf: (x) => tf.tile(x, [2, 2]) },
  { name: 'reverse', args: [A(3, 4)], lab: (x) => lab.reverse(x, 1), tf: (x) => tf.reverse(x, 1) },
  { name: 'gather axis 1', args: [A(3, 4), I([5], [3, 0, 3, 1, 2])], lab: (x, i) => lab.gather(x, i, 1), tf: (x, i) => tf.gather(x, i, 1) },
  { name: 'cumsum on the last axis', args: [A(3, 4)], lab: (x) => lab.cumsum(x, 1), tf: (x) => tf.cumsum(x, 1) },
  { name: 'conv2d stride 2 same', args: [A(2, 5, 5, 2), A(3, 3, 2, 3)], lab: (x, w) => lab.conv2d(x, w, 2, 'same'), tf: (x, w) => tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 2, 'same') },
  { name: 'conv2d valid', args: [A(1, 6, 5, 3), A(2, 3, 3, 2)], lab: (x, w) => lab.conv2d(x, w), tf: (x, w) => tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 1, 'valid') },
  { name: 'depthwiseConv2d', args: [A(1, 5, 5, 2), A(3, 3, 2, 2)], lab: (x, w) => lab.depthwiseConv2d(x, w, 1, 'same'), tf: (x, w) => tf.depthwiseConv2d(x as tf.Tensor4D, w as tf.Tensor4D, 1, 'same') },
  { name: 'maxPool 2x2', args: [D(2, 4, 4, 2)], lab: (x) => lab.maxPool(x, 2), tf: (x) => tf.maxPool(x as tf.Tensor4D, 2, 2, 'valid') },
  { name: 'maxPool 3x3 stride 1 same', args: [D(1, 5, 5, 2)], lab: (x) => lab.maxPool(x, 3, 1, 'same'), tf: (x) => tf.maxPool(x as tf.Tensor4D, 3, 1, 'same') },
  { name: 'avgPool VALID', args: [A(2, 5, 5, 2)], lab: (x) => lab.avgPool(x, 2, 1), tf: (x) => tf.avgPool(x as tf.Tensor4D, 2, 1, 'valid') },
];

function hostValues(a: Arg, r: () => number): Float32Array | Int32Array | Uint8Array {
  if (a.ints) return Int32Array.from(a.ints);
  if (a.bools) return Uint8Array.from(a.bools);
  if (a.values) return Float32Array.from(a.values);
  return Float32Array.from({ length: size(a.shape) }, () => a.lo! + (a.hi! - a.lo!) * r());
}

describe('gradients agree with TensorFlow.js 4.22', () => {
  CASES.forEach((c, ci) => {
    it(c.name, () => {
      const r = rng(4242 + ci);
      const host = c.args.map((a) => hostValues(a, r));
      const diff = c.args.flatMap((a, i) => (a.ints || a.bools ? [] : [i]));
      const dtype = (a: Arg) => (a.ints ? 'int32' : a.bools ? 'bool' : 'float32');
      // Fixed (int) arguments are bound; the float ones are differentiated, under random upstream weights.
      const labArgs = c.args.map((a, i) => lab.tensor(host[i], { dtype: dtype(a), shape: a.shape }));
      const tfArgs = c.args.map((a, i) => tf.tensor(host[i], a.shape, dtype(a)));
      const outShape = lab.tidy(() => [...c.lab(...labArgs).shape]);
      const w = Float32Array.from({ length: size(outShape) }, () => 2 * r() - 1);
      const labW = lab.tensor(w, { shape: outShape });
      const tfW = tf.tensor(w, outShape);
      const bindLab = (xs: lab.Tensor[]) => labArgs.map((t, i) => (diff.includes(i) ? xs[diff.indexOf(i)] : t));
      const bindTf = (xs: tf.Tensor[]) => tfArgs.map((t, i) => (diff.includes(i) ? xs[diff.indexOf(i)] : t));
      const labGrads = lab.tidy(() =>
        grads((...xs: lab.Tensor[]) => lab.sum(lab.mul(c.lab(...bindLab(xs)), labW)))(diff.map((i) => labArgs[i])).map((g) => Array.from(g.dataSync() as Float32Array)),
      );
      const tfGrads = tf.tidy(() =>
        tf.grads((...xs: tf.Tensor[]) => tf.sum(tf.mul(c.tf(...bindTf(xs)), tfW)))(diff.map((i) => tfArgs[i])).map((g) => Array.from(g.dataSync() as Float32Array)),
      );
      diff.forEach((argIndex, j) => expectClose(labGrads[j], tfGrads[j], `${c.name}: d/d(arg ${argIndex}) vs tf.grads`, c.rtol ?? 2e-4, 2e-5));
      lab.dispose([labArgs, labW]);
      tf.dispose([...tfArgs, tfW]);
    });
  });
});
