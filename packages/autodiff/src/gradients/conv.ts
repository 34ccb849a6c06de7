/**
 * Gradients of the convolutions. conv2d is bilinear in (x, filter); its two backprop ops are its adjoints, so the
 * three ops' gradients are each other: gradients of gradients (and conv2dTranspose, recorded as
 * conv2dBackpropInput) need nothing more.
 */
import {
  conv2d,
  conv2dBackpropFilter,
  conv2dBackpropInput,
  depthwiseConv2d,
  depthwiseConv2dBackpropFilter,
  depthwiseConv2dBackpropInput,
  type ConvAttrs,
  type Padding,
  type Tensor,
} from '@lab/core';
import type { GradientDef, GradientTable } from '../registry.js';

type Conv = (x: Tensor, f: Tensor, strides: readonly number[], padding: Padding, dilations: readonly number[]) => Tensor;
type BackpropInput = (dy: Tensor, f: Tensor, inputShape: readonly number[], strides: readonly number[], padding: Padding, dilations: readonly number[]) => Tensor;
type BackpropFilter = (x: Tensor, dy: Tensor, filterShape: readonly number[], strides: readonly number[], padding: Padding, dilations: readonly number[]) => Tensor;

/** A convolution family's three gradients; each reads only the window every convolution op records. */
type Family = Record<'conv' | 'input' | 'filter', GradientDef<ConvAttrs>>;

/**
 * The three gradients of one convolution family (regular or depthwise). The backprop ops' extra shape attribute
 * is not read: `inputShapes` has it.
 */
function family(conv: Conv, input: BackpropInput, filter: BackpropFilter): Family {
  return {
    // y = conv(x, f)
    conv: {
      save: { inputs: true },
      grad: (dy, c) => {
        const { strides, padding, dilations } = c.attrs;
        const [x, f] = c.inputs;
        return [
          c.needs[0] ? input(dy, f, c.inputShapes[0], strides, padding, dilations) : null,
          c.needs[1] ? filter(x, dy, c.inputShapes[1], strides, padding, dilations) : null,
        ];
      },
    },
    // y = input(dy, f): <y, G> = <dy, conv(G, f)>
    input: {
      save: { inputs: true },
      grad: (g, c) => {
        const { strides, padding, dilations } = c.attrs;
        const [dy, f] = c.inputs;
        return [
          c.needs[0] ? conv(g, f, strides, padding, dilations) : null,
          c.needs[1] ? filter(g, dy, c.inputShapes[1], strides, padding, dilations) : null,
        ];
      },
    },
    // y = filter(x, dy): <y, G> = <dy, conv(x, G)>
    filter: {
      save: { inputs: true },
      grad: (g, c) => {
        const { strides, padding, dilations } = c.attrs;
        const [x, dy] = c.inputs;
        return [
          c.needs[0] ? input(dy, g, c.inputShapes[0], strides, padding, dilations) : null,
          c.needs[1] ? conv(x, g, strides, padding, dilations) : null,
        ];
      },
    },
  };
}

const regular = family(conv2d, conv2dBackpropInput, conv2dBackpropFilter);
const depthwise = family(depthwiseConv2d, depthwiseConv2dBackpropInput, depthwiseConv2dBackpropFilter);

/** Gradients of the convolutions, keyed by recorded op name. */
export const CONV_GRADIENTS = {
  conv2d: regular.conv,
  conv2dBackpropInput: regular.input,
  conv2dBackpropFilter: regular.filter,
  depthwiseConv2d: depthwise.conv,
  depthwiseConv2dBackpropInput: depthwise.input,
  depthwiseConv2dBackpropFilter: depthwise.filter,
} satisfies GradientTable;
