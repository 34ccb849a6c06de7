/**
 * Calls an op by its recorded name, with the inputs and attributes it was recorded with: what `jit` replays a
 * traced graph with. Every call goes through the public op, so it checks, dispatches and records exactly as the
 * original call did (a tape watching a replay sees the same ops). Keep one entry per name in RECORDED_OPS
 * (op-names.ts); @lab/jit's tests check that every recorded op is here.
 */
import type { DType } from '../dtype.js';
import type { FusedActivation } from '../backend/contract.js';
import { fmtShape, shapesEqual } from '../util/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import * as u from './unary.js';
import * as bi from './binary.js';
import * as cmp from './compare.js';
import * as red from './reduce.js';
import { logSoftmax, softmax } from './softmax.js';
import { fusedMatMul, matMul } from './linalg.js';
import { broadcastTo, cast, expandDims, identity, reshape, squeeze, stopGradient, transpose } from './shape.js';
import { pad, reverse, slice, split, tile, unstack } from './slicing.js';
import { gather, gatherND, oneHot, stridedSlice, stridedSliceBackprop, type StridedSliceOptions } from './indexing.js';
import { concat, stack } from './concat.js';
import { cumprod, cumsum } from './cumsum.js';
import { unsortedSegmentSum } from './scatter.js';
import { topK } from './topk.js';
import {
  conv2d,
  conv2dBackpropFilter,
  conv2dBackpropInput,
  depthwiseConv2d,
  depthwiseConv2dBackpropFilter,
  depthwiseConv2dBackpropInput,
  type Padding,
} from './conv.js';
import { avgPool, avgPoolBackprop, maxPool, maxPoolBackprop } from './pool.js';

/** An op's recorded attributes. */
type Attrs = Readonly<Record<string, unknown>>;
/** Replays one op: inputs, attributes, and the recorded output shapes (reshape-like ops record only the input's). */
type Replay = (x: readonly Tensor[], a: Attrs, outShapes: readonly (readonly number[])[]) => Tensor | Tensor[];

const num = (a: Attrs, k: string): number => a[k] as number;
const nums = (a: Attrs, k: string): number[] => a[k] as number[];
const bool = (a: Attrs, k: string): boolean => a[k] as boolean;

const UNARY = [
  'neg', 'abs', 'sign', 'square', 'sqrt', 'rsqrt', 'reciprocal', 'exp', 'expm1', 'log', 'log1p', 'sin', 'cos', 'tan',
  'asin', 'acos', 'atan', 'sinh', 'cosh', 'tanh', 'asinh', 'acosh', 'atanh', 'erf', 'round', 'floor', 'ceil', 'trunc',
  'logicalNot', 'isNaN', 'isFinite', 'isInf', 'sigmoid', 'relu', 'relu6', 'elu', 'selu', 'gelu', 'silu', 'softplus',
  'softsign',
] as const;
const BINARY = [
  'add', 'sub', 'mul', 'div', 'floorDiv', 'mod', 'pow', 'maximum', 'minimum', 'atan2', 'squaredDifference',
  'logicalAnd', 'logicalOr', 'logicalXor',
] as const;
const COMPARE = ['equal', 'notEqual', 'less', 'lessEqual', 'greater', 'greaterEqual'] as const;
const REDUCE = ['sum', 'prod', 'max', 'min', 'mean', 'all', 'any', 'logSumExp'] as const;

/** The axes `squeeze` removed, from the shapes before and after (any consistent choice gives the same view). */
function squeezedAxes(inShape: readonly number[], outShape: readonly number[]): number[] {
  const axes: number[] = [];
  let j = 0;
  for (let i = 0; i < inShape.length; i++) {
    if (j < outShape.length && inShape[i] === outShape[j]) j++;
    else if (inShape[i] === 1) axes.push(i);
    else throw new Error(`runOpByName: squeeze cannot turn ${fmtShape(inShape)} into ${fmtShape(outShape)}`);
  }
  if (j !== outShape.length) throw new Error(`runOpByName: squeeze cannot turn ${fmtShape(inShape)} into ${fmtShape(outShape)}`);
  return axes;
}

function sliceOptions(a: Attrs): StridedSliceOptions {
  return {
    beginMask: num(a, 'beginMask'),
    endMask: num(a, 'endMask'),
    ellipsisMask: num(a, 'ellipsisMask'),
    newAxisMask: num(a, 'newAxisMask'),
    shrinkAxisMask: num(a, 'shrinkAxisMask'),
  };
}

const pads = (a: Attrs): Padding => a.padding as Padding;

const TABLE = new Map<string, Replay>();
for (const name of UNARY) TABLE.set(name, (x) => (u[name] as (t: Tensor) => Tensor)(x[0]));
for (const name of BINARY) TABLE.set(name, (x) => bi[name](x[0], x[1]));
for (const name of COMPARE) TABLE.set(name, (x) => cmp[name](x[0], x[1]));
for (const name of REDUCE) TABLE.set(name, (x, a) => red[name](x[0], nums(a, 'axes'), bool(a, 'keepDims')));
const ENTRIES: [string, Replay][] = [
  ['leakyRelu', (x, a) => u.leakyRelu(x[0], num(a, 'alpha'))],
  ['clipByValue', (x, a) => u.clipByValue(x[0], num(a, 'lo'), num(a, 'hi'))],
  ['where', (x) => cmp.where(x[0], x[1], x[2])],
  ['argMax', (x, a) => red.argMax(x[0], num(a, 'axis'))],
  ['argMin', (x, a) => red.argMin(x[0], num(a, 'axis'))],
  ['softmax', (x, a) => softmax(x[0], num(a, 'axis'))],
  ['logSoftmax', (x, a) => logSoftmax(x[0], num(a, 'axis'))],
  ['matMul', (x, a) => matMul(x[0], x[1], bool(a, 'transposeA'), bool(a, 'transposeB'))],
  [
    'fusedMatMul',
    (x, a) =>
      fusedMatMul(x[0], x[1], {
        transposeA: bool(a, 'transposeA'),
        transposeB: bool(a, 'transposeB'),
        activation: a.activation as FusedActivation,
        alpha: num(a, 'alpha'),
        bias: bool(a, 'hasBias') ? x[2] : undefined,
      }),
  ],
  ['reshape', (x, _a, o) => reshape(x[0], o[0])],
  ['transpose', (x, a) => transpose(x[0], nums(a, 'perm'))],
  ['expandDims', (x, a) => expandDims(x[0], num(a, 'axis'))],
  ['squeeze', (x, _a, o) => squeeze(x[0], squeezedAxes(x[0].shape, o[0]))],
  ['broadcastTo', (x, _a, o) => broadcastTo(x[0], o[0])],
  ['identity', (x) => identity(x[0])],
  ['cast', (x, a) => cast(x[0], a.to as DType)],
  ['stopGradient', (x) => stopGradient(x[0])],
  ['slice', (x, a) => slice(x[0], nums(a, 'begin'), nums(a, 'size'))],
  ['stridedSlice', (x, a) => stridedSlice(x[0], nums(a, 'begin'), nums(a, 'end'), nums(a, 'strides'), sliceOptions(a))],
  [
    'stridedSliceBackprop',
    (x, a) => stridedSliceBackprop(x[0], nums(a, 'inputShape'), nums(a, 'begin'), nums(a, 'end'), nums(a, 'strides'), sliceOptions(a)),
  ],
  ['reverse', (x, a) => reverse(x[0], nums(a, 'axes'))],
  ['pad', (x, a) => pad(x[0], a.paddings as [number, number][], a.constantValue as number | string)],
  ['tile', (x, a) => tile(x[0], nums(a, 'reps'))],
  ['concat', (x, a) => concat(x, num(a, 'axis'))],
  ['stack', (x, a) => stack(x, num(a, 'axis'))],
  ['split', (x, a) => split(x[0], nums(a, 'sizes'), num(a, 'axis'))],
  ['unstack', (x, a) => unstack(x[0], num(a, 'axis'))],
  ['gather', (x, a) => gather(x[0], x[1], num(a, 'axis'), num(a, 'batchDims'))],
  ['gatherND', (x) => gatherND(x[0], x[1])],
  ['oneHot', (x, a) => oneHot(x[0], num(a, 'depth'), num(a, 'onValue'), num(a, 'offValue'), a.dtype as DType)],
  ['cumsum', (x, a) => cumsum(x[0], num(a, 'axis'), bool(a, 'exclusive'), bool(a, 'reverse'))],
  ['cumprod', (x, a) => cumprod(x[0], num(a, 'axis'), bool(a, 'exclusive'), bool(a, 'reverse'))],
  ['unsortedSegmentSum', (x, a) => unsortedSegmentSum(x[0], x[1], num(a, 'numSegments'))],
  [
    'topK',
    (x, a) => {
      const r = topK(x[0], num(a, 'k'), bool(a, 'sorted'));
      return [r.values, r.indices];
    },
  ],
  ['conv2d', (x, a) => conv2d(x[0], x[1], nums(a, 'strides'), pads(a), nums(a, 'dilations'))],
  ['conv2dBackpropInput', (x, a) => conv2dBackpropInput(x[0], x[1], nums(a, 'inputShape'), nums(a, 'strides'), pads(a), nums(a, 'dilations'))],
  ['conv2dBackpropFilter', (x, a) => conv2dBackpropFilter(x[0], x[1], nums(a, 'filterShape'), nums(a, 'strides'), pads(a), nums(a, 'dilations'))],
  ['depthwiseConv2d', (x, a) => depthwiseConv2d(x[0], x[1], nums(a, 'strides'), pads(a), nums(a, 'dilations'))],
  [
    'depthwiseConv2dBackpropInput',
    (x, a) => depthwiseConv2dBackpropInput(x[0], x[1], nums(a, 'inputShape'), nums(a, 'strides'), pads(a), nums(a, 'dilations')),
  ],
  [
    'depthwiseConv2dBackpropFilter',
    (x, a) => depthwiseConv2dBackpropFilter(x[0], x[1], nums(a, 'filterShape'), nums(a, 'strides'), pads(a), nums(a, 'dilations')),
  ],
  ['maxPool', (x, a) => maxPool(x[0], nums(a, 'filterSize'), nums(a, 'strides'), pads(a))],
  ['avgPool', (x, a) => avgPool(x[0], nums(a, 'filterSize'), nums(a, 'strides'), pads(a))],
  ['maxPoolBackprop', (x, a) => maxPoolBackprop(x[0], x[1], nums(a, 'filterSize'), nums(a, 'strides'), pads(a))],
  ['avgPoolBackprop', (x, a) => avgPoolBackprop(x[0], nums(a, 'inputShape'), nums(a, 'filterSize'), nums(a, 'strides'), pads(a))],
];
for (const [name, f] of ENTRIES) TABLE.set(name, f);

/** Every op name {@link runOpByName} can call. */
export const REPLAYABLE_OPS: ReadonlySet<string> = new Set(TABLE.keys());

/**
 * Calls the op recorded as `name` with `inputs` and its recorded `attrs`; returns its outputs as a list.
 * `outputShapes` (the recorded outputs' shapes) is needed by reshape, squeeze and broadcastTo, which record only
 * their input's shape; when given, every result is checked against it.
 */
export function runOpByName(name: string, inputs: readonly Tensor[], attrs: Attrs, outputShapes?: readonly (readonly number[])[]): Tensor[] {
  const f = TABLE.get(name);
  if (f === undefined) throw new Error(`runOpByName: no op is recorded as '${name}'`);
  if (outputShapes === undefined && (name === 'reshape' || name === 'squeeze' || name === 'broadcastTo')) {
    throw new Error(`runOpByName: '${name}' needs the recorded output shape`);
  }
  const r = f(inputs, attrs, outputShapes ?? []);
  const outs = Array.isArray(r) ? r : [r];
  if (outputShapes !== undefined) {
    const ok = outs.length === outputShapes.length && outs.every((t, i) => shapesEqual(t.shape, outputShapes[i]));
    if (!ok) {
      const got = outs.map((t) => fmtShape(t.shape)).join(', ');
      for (const t of outs) t.dispose();
      throw new Error(`runOpByName: '${name}' gave ${got}, but ${outputShapes.map((s) => fmtShape(s)).join(', ')} was recorded`);
    }
  }
  return outs;
}
