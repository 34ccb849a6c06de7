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

/** A scalar or nested array of one kind of element. */
type NestedOf<T> = T | readonly NestedOf<T>[];

/**
 * The dtype a value becomes in an op when no dtype is given: a tensor's own dtype; float32 for numbers and
 * Float32Array, float64 for Float64Array, int32 for Int32Array, bool for booleans and Uint8Array, string for
 * strings, complex64 for `{ re, im }`. `DType` (any) when the kind cannot be told from the type.
 */
export type DTypeOf<V> = V extends Tensor<infer D>
  ? D
  : V extends Float32Array
    ? 'float32'
    : V extends Float64Array
      ? 'float64'
      : V extends Int32Array
        ? 'int32'
        : V extends Uint8Array
          ? 'bool'
          : V extends NestedOf<number>
            ? 'float32'
            : V extends NestedOf<boolean>
              ? 'bool'
              : V extends NestedOf<string>
                ? 'string'
                : V extends NestedOf<ComplexValue>
                  ? 'complex64'
                  : DType;

/**
 * The dtype of an op on two operands that keeps its inputs' dtype (`add`, `matMul` ...): the first tensor
 * operand's, else what the first plain value becomes (a plain number meeting a tensor takes the tensor's dtype).
 */
export type BinaryDType<A, B> = A extends Tensor<infer D> ? D : B extends Tensor<infer E> ? E : DTypeOf<A>;

/** The dtype of `sum` and `prod`: bool counts as int32; every other dtype is kept. */
export type SumDType<D extends DType> = D extends 'bool' ? 'int32' : D;

/** The dtype of `abs`: complex64 gives its float32 modulus; every other dtype is kept. */
export type RealDType<D extends DType> = D extends 'complex64' ? 'float32' : D;
