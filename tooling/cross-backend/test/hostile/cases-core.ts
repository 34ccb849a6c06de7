/** Bad inputs to @lab/core: creation, arithmetic, reductions, shapes, indexing, linear algebra, windows. */
import * as core from '@lab/core';
import {
  add, all, any, argMax, argMin, at, atan2, avgPool, booleanMask, broadcastTo, cast, clipByValue, complex, concat, conv2d, cumprod, cumsum,
  depthwiseConv2d, div, dot, equal, exp, expandDims, eye, fill, floorDiv, fusedMatMul, gather, gatherND, leakyRelu, linspace, logicalAnd,
  logicalNot, logSoftmax, logSumExp, matMul, matVec, max, maximum, maxPool, mean, mod, mul, neg, oneHot, ones, outer, pad, pow, prod, randomNormal,
  randomPermutation, randomUniform, range, relu, reshape, reverse, scatterND, setBackend, setSeed, sigmoid, slice, softmax, split, sqrt, squeeze,
  setDebug, log, stack, sub, sum, tensor, tidy, tile, topK, transpose, truncatedNormal, unsortedSegmentSum, unstack, Variable, where, zeros, type DType, type Tensor,
} from '@lab/core';
import { bad, ok, type HostileCase } from './catalogue.js';

const BOGUS = 'float99' as unknown as DType;
const c = (name: string, run: Parameters<typeof bad>[2], op: string | RegExp, ...m: (string | RegExp)[]): HostileCase => bad('core', name, run, op, ...m);

/** Runs `f` with debug mode on (the NaN/Inf check of every op). */
function withDebug<T>(f: () => T): T {
  setDebug(true);
  try {
    return f();
  } finally {
    setDebug(false);
  }
}

/** A [2, 3] float32 fixture. */
const m23 = [[1, 2, 3], [4, 5, 6]];

export const CORE_CASES: readonly HostileCase[] = [
  // ---- creation
  c('tensor([[1, 2], [3]]) (ragged)', () => tensor([[1, 2], [3]]), 'tensor', 'ragged', '[1]'),
  c("tensor([NaN], 'int32')", () => tensor([NaN], 'int32'), 'tensor', 'NaN', 'int32'),
  c("tensor([Infinity], 'int32')", () => tensor([Infinity], 'int32'), 'tensor', 'Infinity', 'int32'),
  c("tensor([1.5], 'int32')", () => tensor([1.5], 'int32'), 'tensor', '1.5', 'int32'),
  c("tensor([2 ** 40], 'int32')", () => tensor([2 ** 40], 'int32'), 'tensor', '1099511627776', 'int32'),
  c("tensor(['a'], 'float32')", () => tensor(['a'] as unknown as number[], 'float32'), 'tensor', 'float32'),
  c("tensor([1, 2], 'float99')", () => tensor([1, 2], BOGUS), 'tensor', 'float99'),
  c('tensor([1, 2, 3], { shape: [2, 2] })', () => tensor([1, 2, 3], { shape: [2, 2] }), 'tensor', '[2,2]', '3'),
  c('tensor(1, { shape: [1e9, 1e9] })', () => tensor(1, { shape: [1e9, 1e9] }), 'tensor', '[1000000000,1000000000]'),
  c('tensor([1, 2], { shape: [-2, -1] })', () => tensor([1, 2], { shape: [-2, -1] }), 'tensor', '-2'),
  c('tensor([1, 2, 3, 4, 5, 6], [4, 2]) (TF.js call shape, wrong size)', () => tensor([1, 2, 3, 4, 5, 6], [4, 2] as never), 'tensor', '[4,2]', '6'),
  ok('core', 'tensor([1, 2, 3, 4, 5, 6], [2, 3]) (TF.js call shape) takes the shape', () => tensor([1, 2, 3, 4, 5, 6], [2, 3] as never), async (v) => {
    const t = v as Tensor;
    if (JSON.stringify(t.shape) !== '[2,3]') throw new Error(`shape ${JSON.stringify(t.shape)}`);
    if (JSON.stringify(await t.array()) !== '[[1,2,3],[4,5,6]]') throw new Error('values');
  }),
  c('tensor({ a: 1 })', () => tensor({ a: 1 } as never), 'tensor', 'object'),
  c('tensor([[1, 2], "a"])', () => tensor([[1, 2], 'a'] as never), 'tensor', '[1]'),
  c('tensor(undefined)', () => tensor(undefined as never), 'tensor', 'undefined'),
  c('zeros([-1])', () => zeros([-1]), 'zeros', '[-1]'),
  c('zeros([1.5])', () => zeros([1.5]), 'zeros', '[1.5]'),
  c('zeros([NaN])', () => zeros([NaN]), 'zeros', 'NaN'),
  c('zeros([1e9, 1e9])', () => zeros([1e9, 1e9]), 'zeros', '[1000000000,1000000000]', 'bytes'),
  c("zeros([2], 'float99')", () => zeros([2], BOGUS), 'zeros', 'float99'),
  c("ones([2], 'float99')", () => ones([2], BOGUS), 'ones', 'float99'),
  c('ones([2, -3])', () => ones([2, -3]), 'ones', '[2,-3]'),
  c("fill([2], NaN, 'int32')", () => fill([2], NaN, 'int32'), 'fill', 'NaN', 'int32'),
  c('fill([-2], 1)', () => fill([-2], 1), 'fill', '[-2]'),
  c('eye(-1)', () => eye(-1), 'eye', '-1'),
  c('eye(2.5)', () => eye(2.5), 'eye', '2.5'),
  c('eye(2, -3)', () => eye(2, -3), 'eye', '-3'),
  c('range(0, Infinity)', () => range(0, Infinity), 'range', 'Infinity'),
  c('range(0, NaN)', () => range(0, NaN), 'range', 'NaN'),
  c('range(0, 10, 0)', () => range(0, 10, 0), 'range', '0'),
  c('range(0, 2 ** 40)', () => range(0, 2 ** 40), 'range', '[1099511627776]'),
  c('linspace(0, 1, -1)', () => linspace(0, 1, -1), 'linspace', '-1'),
  c('linspace(0, 1, 1.5)', () => linspace(0, 1, 1.5), 'linspace', '1.5'),
  c('linspace(0, NaN, 3)', () => linspace(0, NaN, 3), 'linspace', 'NaN'),
  c('randomUniform([-1])', () => randomUniform([-1]), 'randomUniform', '[-1]'),
  c('randomUniform([2], { minval: 1, maxval: 0 })', () => randomUniform([2], { minval: 1, maxval: 0 }), 'randomUniform', '1', '0'),
  c('randomNormal([2], { stddev: -1 })', () => randomNormal([2], { stddev: -1 }), 'randomNormal', '-1'),
  c('truncatedNormal([1e9, 1e9])', () => truncatedNormal([1e9, 1e9]), 'truncatedNormal', '[1000000000,1000000000]'),
  c('randomPermutation(-1)', () => randomPermutation(-1), 'randomPermutation', '-1'),
  c('setSeed(NaN)', () => setSeed(NaN), 'setSeed', 'NaN'),
  c("cast(x, 'float99')", (k) => cast(k.t([1, 2]), BOGUS), 'cast', 'float99'),
  c("cast(['a'], 'float32')", (k) => cast(k.t(['a']), 'float32'), 'cast', 'string', 'float32'),
  c('complex([1, 2], [1, 2, 3])', (k) => complex(k.t([1, 2]), k.t([1, 2, 3])), 'complex', '[2]', '[3]'),
  c("setBackend('nope')", () => setBackend('nope'), 'setBackend', 'nope'),

  // ---- elementwise binary
  c('add([1, 2, 3], [1, 2, 3, 4])', (k) => add(k.t([1, 2, 3]), k.t([1, 2, 3, 4])), 'add', '[3]', '[4]'),
  c('sub([2, 3], [3, 2])', (k) => sub(k.t(m23), k.t([[1, 2], [3, 4], [5, 6]])), 'sub', '[2,3]', '[3,2]'),
  c('mul(float32, int32)', (k) => mul(k.t([1, 2]), k.t([1, 2], 'int32')), 'mul', 'float32', 'int32'),
  c('div(bool, bool)', (k) => div(k.t([true]), k.t([false])), 'div', 'bool'),
  c('pow(string, 2)', (k) => pow(k.t(['a']), 2), 'pow', 'string'),
  c("add(x, 'abc')", (k) => add(k.t([1]), 'abc'), 'add', /string|abc/),
  c('add(x, {}) (not a tensor)', (k) => add(k.t([1]), {} as never), 'add', '{}'),
  c('add(x, null)', (k) => add(k.t([1]), null as never), 'add', 'null'),
  c('maximum([2], [3])', (k) => maximum(k.t([1, 2]), k.t([1, 2, 3])), 'maximum', '[2]', '[3]'),
  c('floorDiv([2], [3])', (k) => floorDiv(k.t([1, 2]), k.t([1, 2, 3])), 'floorDiv', '[2]', '[3]'),
  c('mod(float32, int32)', (k) => mod(k.t([1, 2]), k.t([1, 2], 'int32')), 'mod', 'float32', 'int32'),
  c('atan2([2], [3])', (k) => atan2(k.t([1, 2]), k.t([1, 2, 3])), 'atan2', '[2]', '[3]'),
  c('equal([2], [3])', (k) => equal(k.t([1, 2]), k.t([1, 2, 3])), 'equal', '[2]', '[3]'),
  c('logicalAnd(float32, float32)', (k) => logicalAnd(k.t([1]), k.t([0])), 'logicalAnd', 'float32'),
  c('where(float32 cond, a, b)', (k) => where(k.t([1, 0]), k.t([1, 2]), k.t([3, 4])), 'where', 'float32'),
  c('where(cond [3], a [2], b [2])', (k) => where(k.t([true, false, true]), k.t([1, 2]), k.t([3, 4])), 'where', '[3]', '[2]'),
  c('where(cond, float32, int32)', (k) => where(k.t([true]), k.t([1]), k.t([1], 'int32')), 'where', 'float32', 'int32'),
  c('x.add([1, 2, 3]) for x [2]', (k) => k.t([1, 2]).add([1, 2, 3]), 'add', '[2]', '[3]'),
  c('x.matMul(x) for x [2, 3]', (k) => k.t(m23).matMul(k.t(m23)), 'matMul', '[2,3]'),

  // ---- elementwise unary
  c('sqrt(string)', (k) => sqrt(k.t(['a'])), 'sqrt', 'string'),
  c('exp(bool)', (k) => exp(k.t([true])), 'exp', 'bool'),
  c('neg(bool)', (k) => neg(k.t([true])), 'neg', 'bool'),
  c('logicalNot(float32)', (k) => logicalNot(k.t([1])), 'logicalNot', 'float32'),
  c('relu(string)', (k) => relu(k.t(['a'])), 'relu', 'string'),
  c('sigmoid(bool)', (k) => sigmoid(k.t([true])), 'sigmoid', 'bool'),
  c('leakyRelu(x, NaN)', (k) => leakyRelu(k.t([1]), NaN), 'leakyRelu', 'NaN'),
  c('clipByValue(x, 2, 1)', (k) => clipByValue(k.t([1]), 2, 1), 'clipByValue', '2', '1'),
  c('clipByValue(x, NaN, 1)', (k) => clipByValue(k.t([1]), NaN, 1), 'clipByValue', 'NaN'),
  c('softmax(x, 5) for a [2, 3] x', (k) => softmax(k.t(m23), 5), 'softmax', 'axis 5', 'rank 2'),
  c('softmax(int32)', (k) => softmax(k.t([1, 2], 'int32')), 'softmax', 'int32'),
  c('logSoftmax(x, -3)', (k) => logSoftmax(k.t(m23), -3), 'logSoftmax', '-3'),

  // ---- reductions and scans
  c('sum(x, 5)', (k) => sum(k.t(m23), 5), 'sum', 'axis 5', 'rank 2'),
  ok('core', 'sum(x, [0, 0]) reduces axis 0 once (repeated axes count once)', (k) => sum(k.t(m23), [0, 0]), async (v) => {
    if (JSON.stringify(await (v as Tensor).array()) !== '[5,7,9]') throw new Error('values');
  }),
  c('sum(x, 1.5)', (k) => sum(k.t(m23), 1.5), 'sum', '1.5'),
  c('sum(string)', (k) => sum(k.t(['a'])), 'sum', 'string'),
  c('mean(x, -3)', (k) => mean(k.t(m23), -3), 'mean', '-3'),
  c('max(x, 2)', (k) => max(k.t(m23), 2), 'max', '2'),
  ok('core', 'max of an empty tensor is -Infinity (the identity of max, as TensorFlow)', (k) => max(k.own(zeros([0]))), async (v) => {
    const x = await (v as Tensor).array();
    if (x !== -Infinity) throw new Error(`got ${String(x)}`);
  }),
  c('prod(x, 9)', (k) => prod(k.t(m23), 9), 'prod', '9'),
  c('argMax(x, 2)', (k) => argMax(k.t(m23), 2), 'argMax', '2'),
  c('argMax of an empty tensor', (k) => argMax(k.own(zeros([0]))), 'argMax', '[0]'),
  c('argMin(x, -3)', (k) => argMin(k.t(m23), -3), 'argMin', '-3'),
  c('logSumExp(x, 9)', (k) => logSumExp(k.t(m23), 9), 'logSumExp', '9'),
  ok('core', 'all(float32) tests for non-zero (numpy)', (k) => all(k.t([1, 0])), async (v) => {
    if ((await (v as Tensor).array()) !== false) throw new Error('expected false');
  }),
  ok('core', 'any(float32) tests for non-zero (numpy)', (k) => any(k.t([1, 0])), async (v) => {
    if ((await (v as Tensor).array()) !== true) throw new Error('expected true');
  }),
  c('cumsum(x, 3)', (k) => cumsum(k.t(m23), 3), 'cumsum', '3'),
  c('cumprod(string)', (k) => cumprod(k.t(['a'])), 'cumprod', 'string'),

  // ---- shapes
  c('reshape(x [6], [4])', (k) => reshape(k.t([1, 2, 3, 4, 5, 6]), [4]), 'reshape', '[6]', '[4]'),
  c('reshape(x, [-1, -1])', (k) => reshape(k.t([1, 2, 3, 4]), [-1, -1]), 'reshape', '[-1,-1]'),
  c('reshape(x [6], [4, -1])', (k) => reshape(k.t([1, 2, 3, 4, 5, 6]), [4, -1]), 'reshape', '[4,-1]'),
  c('reshape(x, [1.5, 4])', (k) => reshape(k.t([1, 2, 3, 4, 5, 6]), [1.5, 4]), 'reshape', '1.5'),
  c('reshape(x, [-2, -3])', (k) => reshape(k.t([1, 2, 3, 4, 5, 6]), [-2, -3]), 'reshape', '-2'),
  c('transpose(x, [0, 0])', (k) => transpose(k.t(m23), [0, 0]), 'transpose', '[0,0]'),
  c('transpose(x, [0])', (k) => transpose(k.t(m23), [0]), 'transpose', '[0]', '[2,3]'),
  c('transpose(x, [0, 5])', (k) => transpose(k.t(m23), [0, 5]), 'transpose', 'axis 5', 'rank 2'),
  c('expandDims(x, 5)', (k) => expandDims(k.t(m23), 5), 'expandDims', '5'),
  c('squeeze(x, 0) with dim 2', (k) => squeeze(k.t(m23), 0), 'squeeze', '[2,3]'),
  c('squeeze(x, 4)', (k) => squeeze(k.t(m23), 4), 'squeeze', '4'),
  c('broadcastTo([3], [2, 2])', (k) => broadcastTo(k.t([1, 2, 3]), [2, 2]), 'broadcastTo', '[3]', '[2,2]'),
  c('broadcastTo(x, [-1])', (k) => broadcastTo(k.t([1]), [-1]), 'broadcastTo', '[-1]'),
  ok('core', 'broadcastTo(x, [1e9, 1e9]) is a view: no memory', (k) => broadcastTo(k.t([1]), [1e9, 1e9]), (v) => {
    if (JSON.stringify((v as Tensor).shape) !== '[1000000000,1000000000]') throw new Error('shape');
  }),
  c('concat([])', () => concat([]), 'concat', /empty|no tensors|at least one/),
  c('concat([[2,2], [3,3]], 0)', (k) => concat([k.t([[1, 2], [3, 4]]), k.t([[1, 2, 3], [4, 5, 6], [7, 8, 9]])], 0), 'concat', '[2,2]', '[3,3]'),
  c('concat([float32, int32])', (k) => concat([k.t([1]), k.t([1], 'int32')]), 'concat', 'float32', 'int32'),
  c('concat([x, x], 5)', (k) => concat([k.t([1]), k.t([1])], 5), 'concat', '5'),
  c('concat([[2], [2, 2]])', (k) => concat([k.t([1, 2]), k.t([[1, 2], [3, 4]])]), 'concat', '[2]', '[2,2]'),
  c('stack([[2], [3]])', (k) => stack([k.t([1, 2]), k.t([1, 2, 3])]), 'stack', '[2]', '[3]'),
  c('stack([])', () => stack([]), 'stack', /empty|no tensors|at least one/),
  c('stack([x, x], 3)', (k) => stack([k.t([1]), k.t([1])], 3), 'stack', '3'),
  c('split(x [6], 4)', (k) => split(k.t([1, 2, 3, 4, 5, 6]), 4), 'split', '4', '6'),
  c('split(x [6], [2, 2])', (k) => split(k.t([1, 2, 3, 4, 5, 6]), [2, 2]), 'split', '[2,2]', '6'),
  c('split(x, 0)', (k) => split(k.t([1, 2]), 0), 'split', '0'),
  c('split(x, 2, 3)', (k) => split(k.t([1, 2]), 2, 3), 'split', '3'),
  c('unstack(x, 3)', (k) => unstack(k.t(m23), 3), 'unstack', '3'),
  c('tile(x [2,3], [2])', (k) => tile(k.t(m23), [2]), 'tile', '[2]', '[2,3]'),
  c('tile(x, [-1, 1])', (k) => tile(k.t(m23), [-1, 1]), 'tile', '-1'),
  c('pad(x [2,3], [[1, 1]])', (k) => pad(k.t(m23), [[1, 1]]), 'pad', '[2,3]'),
  c('pad(x, [[-1, 0], [0, 0]])', (k) => pad(k.t(m23), [[-1, 0], [0, 0]]), 'pad', '-1'),
  c('reverse(x, 3)', (k) => reverse(k.t(m23), 3), 'reverse', '3'),

  // ---- slicing and indexing
  c('slice(x [2,3], [0, 0], [5, 5])', (k) => slice(k.t(m23), [0, 0], [5, 5]), 'slice', '[5,5]', '[2,3]'),
  c('slice(x [2,3], [3, 0], [1, 1])', (k) => slice(k.t(m23), [3, 0], [1, 1]), 'slice', '[3,0]', '[2,3]'),
  ok('core', 'slice(x [2,3], [0], [1]) takes the rest of the axes whole (TensorFlow.js)', (k) => slice(k.t(m23), [0], [1]), async (v) => {
    if (JSON.stringify(await (v as Tensor).array()) !== '[[1,2,3]]') throw new Error('values');
  }),
  c('slice(x, [0, 0], [-5, 1])', (k) => slice(k.t(m23), [0, 0], [-5, 1]), 'slice', '-5'),
  c('at(x [2,3], 5)', (k) => at(k.t(m23), 5), 'at', '5', '[2,3]'),
  c('at(x [2,3], 0, 0, 0)', (k) => at(k.t(m23), 0, 0, 0), 'at', '[2,3]'),
  c("x.at(':, :, :') for x [2,3]", (k) => k.t(m23).at(':, :, :'), 'at', '[2,3]'),
  c("x.at('::0')", (k) => k.t([1, 2]).at('::0'), 'at', /step|0/),
  c("x.at('a')", (k) => k.t([1, 2]).at('a'), 'at', 'a'),
  c('at(x, 1.5)', (k) => at(k.t([1, 2]), 1.5), 'at', '1.5'),
  { ...c('gather(x, [5])', (k) => gather(k.t([1, 2, 3]), k.t([5], 'int32')), 'gather', '5', '[3]'), asyncReturns: async (v: unknown) => {
    const a = JSON.stringify(await (v as Tensor).array());
    if (a !== '[0]') throw new Error(`expected [0], got ${a}`);
  } },
  { ...c('gather(x, [-1])', (k) => gather(k.t([1, 2, 3]), k.t([-1], 'int32')), 'gather', '-1'), asyncReturns: async (v: unknown) => {
    const a = JSON.stringify(await (v as Tensor).array());
    if (a !== '[0]') throw new Error(`expected [0], got ${a}`);
  } },
  c('gather(x, float32 indices)', (k) => gather(k.t([1, 2, 3]), k.t([0])), 'gather', 'float32'),
  c('gather(x, [0], 3)', (k) => gather(k.t([1, 2, 3]), k.t([0], 'int32'), 3), 'gather', '3'),
  { ...c('gatherND(x [2,3], [[5, 0]])', (k) => gatherND(k.t(m23), k.t([[5, 0]], 'int32')), 'gatherND', '5'), asyncReturns: async (v: unknown) => {
    const a = JSON.stringify(await (v as Tensor).array());
    if (a !== '[0]') throw new Error(`expected [0], got ${a}`);
  } },
  c('gatherND(x [2,3], [[0, 0, 0]])', (k) => gatherND(k.t(m23), k.t([[0, 0, 0]], 'int32')), 'gatherND', '[2,3]'),
  c('booleanMask(x [3], mask [2])', (k) => booleanMask(k.t([1, 2, 3]), k.t([true, false])), 'booleanMask', '[3]', '[2]'),
  c('booleanMask(x, float32 mask)', (k) => booleanMask(k.t([1, 2]), k.t([1, 0])), 'booleanMask', 'float32'),
  c('oneHot(float32 indices, 3)', (k) => oneHot(k.t([0, 1]), 3), 'oneHot', 'float32'),
  c('oneHot(indices, -1)', (k) => oneHot(k.t([0, 1], 'int32'), -1), 'oneHot', '-1'),
  { ...c('scatterND([[5]], [1], [3])', (k) => scatterND(k.t([[5]], 'int32'), k.t([1]), [3]), 'scatterND', '5'), asyncReturns: async (v: unknown) => {
    const a = JSON.stringify(await (v as Tensor).array());
    if (a !== '[0,0,0]') throw new Error(`expected [0,0,0], got ${a}`);
  } },
  c('scatterND(indices, updates [2], [3])', (k) => scatterND(k.t([[0]], 'int32'), k.t([1, 2]), [3]), 'scatterND', '[2]'),
  { ...c('unsortedSegmentSum(x, [0, 5], 2)', (k) => unsortedSegmentSum(k.t([1, 2]), k.t([0, 5], 'int32'), 2), 'unsortedSegmentSum', '5'), asyncReturns: async (v: unknown) => {
    const a = JSON.stringify(await (v as Tensor).array());
    if (a !== '[1,0]') throw new Error(`expected [1,0], got ${a}`);
  } },
  c('unsortedSegmentSum(x, ids [3], 2)', (k) => unsortedSegmentSum(k.t([1, 2]), k.t([0, 1, 1], 'int32'), 2), 'unsortedSegmentSum', '[3]'),
  c('topK(x [3], 10)', (k) => topK(k.t([1, 2, 3]), 10), 'topK', '10', '3'),
  c('topK(x, -1)', (k) => topK(k.t([1, 2, 3]), -1), 'topK', '-1'),
  c('topK(string)', (k) => topK(k.t(['a', 'b'])), 'topK', 'string'),

  // ---- linear algebra
  c('matMul([2,3], [2,3])', (k) => matMul(k.t(m23), k.t(m23)), 'matMul', '[2,3]'),
  c('matMul([3], [3])', (k) => matMul(k.t([1, 2, 3]), k.t([1, 2, 3])), 'matMul', '[3]'),
  c('matMul(float32, int32)', (k) => matMul(k.t([[1]]), k.t([[1]], 'int32')), 'matMul', 'float32', 'int32'),
  c('matMul(string, string)', (k) => matMul(k.t([['a']]), k.t([['b']])), 'matMul', 'string'),
  c('matMul(bool, bool)', (k) => matMul(k.t([[true]]), k.t([[true]])), 'matMul', 'bool'),
  c('matMul([2,2,3], [3,3,2]) batch mismatch', (k) => matMul(k.own(ones([2, 2, 3])), k.own(ones([3, 3, 2]))), 'matMul', '[2,2,3]', '[3,3,2]'),
  c('dot([2], [3])', (k) => dot(k.t([1, 2]), k.t([1, 2, 3])), 'dot', '[2]', '[3]'),
  c('outer([2,3], [2])', (k) => outer(k.t(m23), k.t([1, 2])), 'outer', '[2,3]'),
  c('matVec([2,3], [2])', (k) => matVec(k.t(m23), k.t([1, 2])), 'matVec', '[2,3]', '[2]'),
  c('fusedMatMul with bias [5]', (k) => fusedMatMul(k.t(m23), k.t([[1], [2], [3]]), { bias: k.t([1, 2, 3, 4, 5]) }), 'fusedMatMul', '[5]'),
  c("fusedMatMul with activation 'nope'", (k) => fusedMatMul(k.t(m23), k.t([[1], [2], [3]]), { activation: 'nope' as never }), 'fusedMatMul', 'nope'),

  // ---- convolutions and pooling
  c('conv2d(x rank 3, filter)', (k) => conv2d(k.own(ones([4, 4, 1])), k.own(ones([2, 2, 1, 1]))), 'conv2d', '[4,4,1]'),
  c('conv2d(x [1,4,4,2], filter [2,2,3,1])', (k) => conv2d(k.own(ones([1, 4, 4, 2])), k.own(ones([2, 2, 3, 1]))), 'conv2d', '[1,4,4,2]', '[2,2,3,1]'),
  c('conv2d(x, filter, 0)', (k) => conv2d(k.own(ones([1, 4, 4, 1])), k.own(ones([2, 2, 1, 1])), 0), 'conv2d', '0'),
  c("conv2d(x, filter, 1, 'bogus')", (k) => conv2d(k.own(ones([1, 4, 4, 1])), k.own(ones([2, 2, 1, 1])), 1, 'bogus' as never), 'conv2d', 'bogus'),
  c('conv2d with a filter larger than the input', (k) => conv2d(k.own(ones([1, 2, 2, 1])), k.own(ones([3, 3, 1, 1]))), 'conv2d', '[3,3]', '[1,2,2,1]'),
  c('conv2d(int32 x, float32 filter)', (k) => conv2d(k.own(ones([1, 4, 4, 1], 'int32')), k.own(ones([2, 2, 1, 1]))), 'conv2d', 'int32'),
  c('conv2d(x, filter, 1, valid, -1) dilation', (k) => conv2d(k.own(ones([1, 4, 4, 1])), k.own(ones([2, 2, 1, 1])), 1, 'valid', -1), 'conv2d', '-1'),
  c('depthwiseConv2d channel mismatch', (k) => depthwiseConv2d(k.own(ones([1, 4, 4, 2])), k.own(ones([2, 2, 3, 1]))), 'depthwiseConv2d', '[2,2,3,1]'),
  c('maxPool(x rank 2, 2)', (k) => maxPool(k.own(ones([4, 4])), 2), 'maxPool', '[4,4]'),
  c('maxPool(x, 0)', (k) => maxPool(k.own(ones([1, 4, 4, 1])), 0), 'maxPool', '0'),
  c('avgPool(x, 5) window larger than input', (k) => avgPool(k.own(ones([1, 4, 4, 1])), 5), 'avgPool', '5'),
  c('avgPool(int32 x, 2)', (k) => avgPool(k.own(ones([1, 4, 4, 1], 'int32')), 2), 'avgPool', 'int32'),

  // ---- tensors, variables, scopes
  c('x.add(1) after x.dispose()', () => {
    const x = tensor([1]);
    x.dispose();
    return x.add(1);
  }, 'add', 'after dispose()'),
  c('x.dispose() twice then x.data()', async () => {
    const x = tensor([1]);
    x.dispose();
    x.dispose();
    return x.data();
  }, 'data', 'after dispose()'),
  { ...c('x.item() on a [3] tensor', (k) => k.t([1, 2, 3]).item(), 'item', '[3]'), syncOnly: true },
  c('x.itemAsync() on a [3] tensor', (k) => k.t([1, 2, 3]).itemAsync(), 'itemAsync', '[3]'),
  c('v.assign([3]) into a [2] Variable', (k) => k.own(new Variable([1, 2])).assign(k.t([1, 2, 3])), 'assign', '[2]', '[3]'),
  c('v.assign(int32) into a float32 Variable', (k) => k.own(new Variable([1, 2])).assign(k.t([1, 2], 'int32')), 'assign', 'float32', 'int32'),
  c('v.assignAt([5], 1) on a [2] Variable', (k) => k.own(new Variable([1, 2])).assignAt([5], 1), 'assignAt', '5'),
  c("new Variable([1], { dtype: 'float99' })", () => new Variable([1], { dtype: BOGUS } as never), 'Variable', 'float99'),
  c('new Variable(undefined)', () => new Variable(undefined as never), 'Variable', 'undefined'),
  c('new Variable([1], { badOption: 1 })', () => new Variable([1], { trainabel: false } as never), 'Variable', 'trainabel', 'trainable'),
  c("tensor([1], { dtyp: 'int32' }) (unknown option key)", () => tensor([1], { dtyp: 'int32' } as never), 'tensor', 'dtyp', 'dtype'),
  ok('core', 'tidy(() => { make tensors; throw }) frees them and rethrows', () => {
    try {
      tidy(() => {
        zeros([4]);
        ones([8]);
        throw new Error('user error');
      });
    } catch (e) {
      return (e as Error).message;
    }
    return 'no error';
  }, (v) => {
    if (v !== 'user error') throw new Error(`got ${String(v)}`);
  }),
  { ...c('log([-1]) in debug mode', (k) => withDebug(() => log(k.t([-1]))), 'debug', 'log', 'NaN', '[1]'), syncOnly: true },
  { ...c('exp([100]) in debug mode', (k) => withDebug(() => exp(k.t([100]))), 'debug', 'exp', 'Infinity'), syncOnly: true },
  { ...c('matMul overflow in debug mode', (k) => withDebug(() => matMul(k.t([[1e30]]), k.t([[1e30]]))), 'debug', 'matMul', 'Infinity'), syncOnly: true },
  c("runOpByName('nope', [])", () => (core as unknown as { runOpByName(n: string, i: unknown[], a: object): unknown }).runOpByName('nope', [], {}), 'nope'),
];
