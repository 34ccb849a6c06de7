import type { DType } from '../dtype.js';
import type { Tensor } from './tensor.js';

/** A nested JS array of numbers, booleans, strings or complex numbers. */
export type NestedArray = number | boolean | string | ComplexValue | readonly NestedArray[];

/** Anything an op accepts where a tensor is expected: a tensor, a JS value, a nested array or a typed array. */
export type TensorLike =
  | Tensor
  | number
  | boolean
  | string
  | ComplexValue
  | readonly NestedArray[]
  | Float32Array
  | Float64Array
  | Int32Array
  | Uint8Array;

/** Options for creating a tensor. */
export interface TensorOptions {
  /** The dtype; inferred from the values when left out (numbers become float32). */
  dtype?: DType;
  /** The shape: a flat list is reshaped to it, a scalar fills it. */
  shape?: readonly number[];
}

/** A complex number as `array()` returns it. */
export interface ComplexValue {
  re: number;
  im: number;
}

/** What `array()` returns: nested JS arrays (or a scalar for rank 0). */
export type ArrayValue = number | boolean | string | ComplexValue | ArrayValue[];
