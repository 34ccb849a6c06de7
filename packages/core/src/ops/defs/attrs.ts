/**
 * Attribute types shared by several op definitions. They are type aliases, not interfaces, so that each is
 * assignable to a plain record (`Readonly<Record<string, unknown>>`), which is how tapes carry attributes.
 */
import type { Padding } from '../window.js';
import type { StridedSliceArgs } from '../slice-plan.js';

/** What a windowed op (convolution, pooling) records: strides, padding as given, and the resolved pads. */
export type WindowAttrs = {
  readonly strides: readonly number[];
  readonly padding: Padding;
  /** Resolved `[top, bottom, left, right]`. */
  readonly pads: readonly number[];
};

/** A convolution's attributes. */
export type ConvAttrs = WindowAttrs & { readonly dilations: readonly number[] };

/** A pooling op's attributes. */
export type PoolAttrs = WindowAttrs & { readonly filterSize: readonly number[] };

/** A backprop-to-input op's attributes: the forward input's shape too. */
export type WithInputShape = { readonly inputShape: readonly number[] };

/** A strided slice's attributes: TensorFlow's arguments and the input's shape. */
export type StridedSliceAttrs = { readonly [K in keyof StridedSliceArgs]: StridedSliceArgs[K] } & WithInputShape;

/** A reduction over axes. */
export type ReduceAttrs = { readonly axes: readonly number[]; readonly keepDims: boolean };

/** An op along one axis. */
export type AxisAttrs = { readonly axis: number };

/** A scan (cumsum, cumprod). */
export type ScanAttrs = AxisAttrs & { readonly exclusive: boolean; readonly reverse: boolean };
