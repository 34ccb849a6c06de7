/** Definitions of the windowed ops: convolutions, pooling and their backprop ops. */
import type { Tensor } from '../../tensor/tensor.js';
import {
  conv2d,
  conv2dBackpropFilter,
  conv2dBackpropInput,
  depthwiseConv2d,
  depthwiseConv2dBackpropFilter,
  depthwiseConv2dBackpropInput,
} from '../conv.js';
import { avgPool, avgPoolBackprop, maxPool, maxPoolBackprop } from '../pool.js';
import type { Padding } from '../window.js';
import type { ConvAttrs, PoolAttrs, WithInputShape } from './attrs.js';
import { defineOp } from './op-def.js';

type WindowArgs = readonly [strides: number[], padding: Padding, dilations: number[]];
type ConvForward = (x: Tensor, f: Tensor, ...w: WindowArgs) => Tensor;
type ConvBackprop = (a: Tensor, b: Tensor, shape: number[], ...w: WindowArgs) => Tensor;

const windowOf = (a: ConvAttrs): WindowArgs => [[...a.strides], a.padding, [...a.dilations]];

/** A convolution: recorded with its window. */
const forward = (op: ConvForward) =>
  defineOp<ConvAttrs>()({ gradient: 'differentiable', fusion: 'opaque', replay: (x, a) => op(x[0], x[1], ...windowOf(a)) });
/** A convolution's gradient with respect to its input: recorded with the input's shape too. */
const backpropInput = (op: ConvBackprop) =>
  defineOp<ConvAttrs & WithInputShape>()({
    gradient: 'differentiable',
    fusion: 'opaque',
    replay: (x, a) => op(x[0], x[1], [...a.inputShape], ...windowOf(a)),
  });
/** A convolution's gradient with respect to its filter: recorded with the filter's shape too. */
const backpropFilter = (op: ConvBackprop) =>
  defineOp<ConvAttrs & { readonly filterShape: readonly number[] }>()({
    gradient: 'differentiable',
    fusion: 'opaque',
    replay: (x, a) => op(x[0], x[1], [...a.filterShape], ...windowOf(a)),
  });
const pool = defineOp<PoolAttrs>();
const poolBackprop = defineOp<PoolAttrs & WithInputShape>();

/** Convolutions and pooling. */
export const WINDOW_DEFS = {
  conv2d: forward(conv2d),
  conv2dBackpropInput: backpropInput(conv2dBackpropInput),
  conv2dBackpropFilter: backpropFilter(conv2dBackpropFilter),
  depthwiseConv2d: forward(depthwiseConv2d),
  depthwiseConv2dBackpropInput: backpropInput(depthwiseConv2dBackpropInput),
  depthwiseConv2dBackpropFilter: backpropFilter(depthwiseConv2dBackpropFilter),
  maxPool: pool({ gradient: 'differentiable', fusion: 'opaque', replay: (x, a) => maxPool(x[0], [...a.filterSize], [...a.strides], a.padding) }),
  avgPool: pool({ gradient: 'differentiable', fusion: 'opaque', replay: (x, a) => avgPool(x[0], [...a.filterSize], [...a.strides], a.padding) }),
  maxPoolBackprop: poolBackprop({
    gradient: 'differentiable',
    fusion: 'opaque',
    replay: (x, a) => maxPoolBackprop(x[0], x[1], [...a.filterSize], [...a.strides], a.padding),
  }),
  avgPoolBackprop: poolBackprop({
    gradient: 'differentiable',
    fusion: 'opaque',
    replay: (x, a) => avgPoolBackprop(x[0], [...a.inputShape], [...a.filterSize], [...a.strides], a.padding),
  }),
} as const;
