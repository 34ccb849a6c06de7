/**
 * Data types and the storage each one uses.
 *
 * The rule for plain JS numbers (documented in the README): a number or an array of numbers becomes `float32`
 * unless a dtype is given (the TensorFlow.js convention); booleans become `bool`, strings `string`. When a plain
 * number meets a tensor in an op (`x.add(1)`), it takes the tensor's dtype.
 */

/** Every dtype a tensor can have. */
export type DType = 'float32' | 'float64' | 'float16' | 'int32' | 'bool' | 'string' | 'complex64';

/** The floating dtypes (what gradients flow through, and what models compute in). */
export type FloatDType = 'float32' | 'float64' | 'float16';

/** The dtypes backends store and compute on. `complex64` is handled by core as a pair of float32 tensors. */
export type BackendDType = Exclude<DType, 'complex64'>;

/** All dtypes, in a stable order. */
export const DTYPES: readonly DType[] = ['float32', 'float64', 'float16', 'int32', 'bool', 'string', 'complex64'];

/** Floating dtypes: those that gradients flow through. */
export const FLOAT_DTYPES: readonly DType[] = ['float32', 'float64', 'float16'];

/** The typed array (or string array) that holds one dtype's values in host memory. */
export type DataValues = Float32Array | Float64Array | Int32Array | Uint8Array | Uint16Array | string[];

/** Maps a dtype to the host array type that stores it. */
export interface DataTypeMap {
  float32: Float32Array;
  float64: Float64Array;
  float16: Uint16Array;
  int32: Int32Array;
  bool: Uint8Array;
  string: string[];
  complex64: Float32Array;
}

/**
 * Maps a dtype to what `data()` and `dataSync()` return for it: the storage array, except that float16 reads as
 * a Float32Array of its values and complex64 as a Float32Array of interleaved re, im pairs.
 */
export interface ReadDataTypeMap {
  float32: Float32Array;
  float64: Float64Array;
  float16: Float32Array;
  int32: Int32Array;
  bool: Uint8Array;
  string: string[];
  complex64: Float32Array;
}

/**
 * True if `d` is one of lab's dtypes.
 * @param d - any value.
 * @returns true when `d` is 'float32', 'float64', 'float16', 'int32', 'bool', 'string' or 'complex64'.
 * @example
 * ```ts
 * isDType('int32'); // true
 * isDType('int64'); // false
 * ```
 */
export function isDType(d: unknown): d is DType {
  return typeof d === 'string' && (DTYPES as readonly string[]).includes(d);
}

/**
 * True for float32, float64 and float16.
 * @param d - a dtype.
 * @returns true for float32, float64 and float16.
 * @example
 * ```ts
 * isFloatDType('float16'); // true
 * isFloatDType('int32'); // false
 * ```
 */
export function isFloatDType(d: DType): boolean {
  return d === 'float32' || d === 'float64' || d === 'float16';
}

/**
 * True for every dtype that holds numbers (all but string).
 * @param d - a dtype.
 * @returns true for every dtype but string.
 * @example
 * ```ts
 * isNumericDType('bool'); // true
 * isNumericDType('string'); // false
 * ```
 */
export function isNumericDType(d: DType): boolean {
  return d !== 'string';
}

/**
 * Bytes per element in backend storage (strings count 0 here; their size is reported separately).
 * @param d - a dtype.
 * @returns the bytes one element takes in backend storage (0 for string).
 * @example
 * ```ts
 * bytesPerElement('float32'); // 4
 * ```
 */
export function bytesPerElement(d: DType): number {
  switch (d) {
    case 'float64':
      return 8;
    case 'complex64':
      return 8;
    case 'float32':
    case 'int32':
      return 4;
    case 'float16':
      return 2;
    case 'bool':
      return 1;
    case 'string':
      return 0;
  }
}

/**
 * Allocates a zeroed host array for `size` elements of `dtype` (complex64: 2 floats per element).
 * @param dtype - the dtype whose host layout to allocate.
 * @param size - the number of elements.
 * @returns a zeroed host array: Float32Array, Float64Array, Uint16Array (float16 bits), Int32Array, Uint8Array
 *   (bool), string[] (filled with '') or Float32Array of `2 * size` (complex64).
 * @example
 * ```ts
 * const v = allocValues('int32', 3); // Int32Array [0, 0, 0]
 * ```
 */
export function allocValues<D extends DType>(dtype: D, size: number): DataTypeMap[D];
export function allocValues(dtype: DType, size: number): DataValues {
  switch (dtype) {
    case 'float32':
      return new Float32Array(size);
    case 'float64':
      return new Float64Array(size);
    case 'float16':
      return new Uint16Array(size);
    case 'int32':
      return new Int32Array(size);
    case 'bool':
      return new Uint8Array(size);
    case 'string':
      return new Array<string>(size).fill('');
    case 'complex64':
      return new Float32Array(size * 2);
  }
}

/**
 * The dtype two dtypes combine to when a plain JS value meets a typed one; lab never promotes two tensors
 * of different dtypes implicitly (TensorFlow's rule), so this is only used for inference from JS values.
 * @param value - a JS value or typed array.
 * @returns 'string' for strings, 'bool' for booleans and Uint8Array, 'float64' for Float64Array, 'int32' for
 *   Int32Array, and 'float32' for anything else.
 * @example
 * ```ts
 * inferDType(new Int32Array(2)); // 'int32'
 * inferDType(1); // 'float32'
 * ```
 */
export function inferDType(value: unknown): DType {
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'bool';
  if (value instanceof Float64Array) return 'float64';
  if (value instanceof Int32Array) return 'int32';
  if (value instanceof Uint8Array) return 'bool';
  return 'float32';
}
