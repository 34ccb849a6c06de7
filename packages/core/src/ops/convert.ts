/**
 * Turning JS values into tensors, with every check done at creation: ragged nesting, mixed element kinds,
 * values that do not fit the dtype, and value counts that do not fit the shape are errors naming the index.
 */
import { isDType, type BackendDType, type DataValues, type DType } from '../dtype.js';
import { ENGINE } from '../engine/engine.js';
import { fmtShape, sizeOf } from '../util/shape.js';
import { float32ToFloat16Bits } from '../util/float16.js';
import type { Tensor } from '../tensor/tensor.js';
import { makeTensor } from '../tensor/factory.js';
import { isTensor } from '../engine/identity.js';
import type { ComplexValue, TensorLike } from '../tensor/types.js';

type Flat = { values: (number | boolean | string | ComplexValue)[]; shape: number[] };

function isTypedArray(x: unknown): x is Float32Array | Float64Array | Int32Array | Uint8Array {
  return x instanceof Float32Array || x instanceof Float64Array || x instanceof Int32Array || x instanceof Uint8Array;
}

function isComplex(x: unknown): x is ComplexValue {
  return typeof x === 'object' && x !== null && !Array.isArray(x) && 're' in x && 'im' in x;
}

/** Flattens a nested array, checking it is rectangular; errors name the first offending index. */
function flatten(op: string, value: unknown): Flat {
  const shape: number[] = [];
  let probe: unknown = value;
  while (Array.isArray(probe) || isTypedArray(probe)) {
    shape.push(probe.length);
    if (probe.length === 0) break;
    probe = probe[0];
  }
  const values: Flat['values'] = [];
  const walk = (v: unknown, depth: number, path: number[]): void => {
    if (depth === shape.length) {
      if (Array.isArray(v) || isTypedArray(v)) {
        throw new Error(`${op}: ragged nested array: element [${path.join(',')}] is an array, but the elements before it are not (expected shape ${fmtShape(shape)})`);
      }
      values.push(v as number);
      return;
    }
    if (!(Array.isArray(v) || isTypedArray(v))) {
      throw new Error(`${op}: ragged nested array: element [${path.join(',')}] is not an array, but shape ${fmtShape(shape)} needs one of length ${shape[depth]}`);
    }
    if (v.length !== shape[depth]) {
      throw new Error(
        `${op}: ragged nested array: element [${path.join(',')}] has length ${v.length}, but element [${[...path.slice(0, -1), 0].join(',')}] has length ${shape[depth]} (expected shape ${fmtShape(shape)})`,
      );
    }
    for (let i = 0; i < v.length; i++) walk(v[i], depth + 1, [...path, i]);
  };
  if (isTypedArray(value)) {
    return { values: Array.from(value as ArrayLike<number>), shape };
  }
  walk(value, 0, []);
  return { values, shape };
}

function kindOf(v: unknown): string {
  if (isComplex(v)) return 'complex';
  return typeof v;
}

/** The dtype a list of JS values implies (numbers: float32). */
function inferFrom(op: string, values: Flat['values'], shape: readonly number[]): DType {
  if (values.length === 0) return 'float32';
  const k = kindOf(values[0]);
  for (let i = 1; i < values.length; i++) {
    if (kindOf(values[i]) !== k) {
      throw new Error(`${op}: mixed element kinds: element ${indexOf(i, shape)} is a ${kindOf(values[i])}, element [0] is a ${k}`);
    }
  }
  switch (k) {
    case 'string':
      return 'string';
    case 'boolean':
      return 'bool';
    case 'complex':
      return 'complex64';
    case 'number':
      return 'float32';
    default:
      throw new Error(`${op}: cannot make a tensor from a value of type ${k} at element [0]`);
  }
}

function indexOf(flat: number, shape: readonly number[]): string {
  const idx: number[] = [];
  for (let i = shape.length - 1; i >= 0; i--) {
    idx.unshift(flat % shape[i]);
    flat = Math.floor(flat / shape[i]);
  }
  return `[${idx.join(',')}]`;
}

/** Packs checked JS values into the storage array of `dtype`. */
function pack(op: string, values: Flat['values'], dtype: BackendDType | 'complex64', shape: readonly number[]): DataValues {
  const n = values.length;
  const bad = (i: number, why: string): never => {
    // String(), not JSON: JSON writes NaN and Infinity as null.
    const v = values[i];
    throw new Error(`${op}: element ${indexOf(i, shape)} = ${typeof v === 'number' ? String(v) : JSON.stringify(v)} ${why} (dtype ${dtype}, shape ${fmtShape(shape)})`);
  };
  switch (dtype) {
    case 'string': {
      const out = new Array<string>(n);
      for (let i = 0; i < n; i++) {
        if (typeof values[i] !== 'string') bad(i, 'is not a string');
        out[i] = values[i] as string;
      }
      return out;
    }
    case 'complex64': {
      const out = new Float32Array(2 * n);
      for (let i = 0; i < n; i++) {
        const v = values[i];
        if (isComplex(v)) {
          out[2 * i] = v.re;
          out[2 * i + 1] = v.im;
        } else if (typeof v === 'number') out[2 * i] = v;
        else bad(i, 'is not a number or {re, im}');
      }
      return out;
    }
    case 'bool': {
      const out = new Uint8Array(n);
      for (let i = 0; i < n; i++) {
        const v = values[i];
        if (typeof v === 'boolean') out[i] = v ? 1 : 0;
        else if (v === 0 || v === 1) out[i] = v;
        else bad(i, 'is not a boolean (or 0/1)');
      }
      return out;
    }
    case 'float16':
    case 'float32':
    case 'float64':
    case 'int32': {
      const nums = new Array<number>(n);
      for (let i = 0; i < n; i++) {
        const v = values[i];
        if (typeof v === 'number') nums[i] = v;
        else if (typeof v === 'boolean') nums[i] = v ? 1 : 0;
        else bad(i, 'is not a number');
        if (dtype === 'int32' && !(Number.isInteger(nums[i]) && nums[i] >= -2147483648 && nums[i] <= 2147483647)) {
          bad(i, 'is not a 32-bit integer');
        }
      }
      if (dtype === 'float16') return float32ToFloat16Bits(nums);
      if (dtype === 'float64') return Float64Array.from(nums);
      if (dtype === 'int32') return Int32Array.from(nums);
      return Float32Array.from(nums);
    }
  }
}

/**
 * {@link pack} for one JS number (a scalar operand such as the 2 in `x.mul(2)`): the storage array made directly,
 * without the intermediate arrays and checks meant for nested values. Same values, same errors.
 */
function packNumber(op: string, v: number, dtype: DType): DataValues {
  if (dtype === 'float32') {
    const out = new Float32Array(1);
    out[0] = v;
    return out;
  }
  if (dtype === 'float64') {
    const out = new Float64Array(1);
    out[0] = v;
    return out;
  }
  if (dtype === 'int32' && Number.isInteger(v) && v >= -2147483648 && v <= 2147483647) {
    const out = new Int32Array(1);
    out[0] = v;
    return out;
  }
  // float16, bool, complex64, string, and int32 values that do not fit (an error naming them).
  return pack(op, [v], dtype, []);
}

/**
 * Makes a tensor from host storage values already in `dtype`'s layout.
 * @param values - host values in the dtype's layout (Float32Array for float32, Int32Array for int32, ...).
 * @param shape - the shape; its size must match the number of elements.
 * @param dtype - the dtype `values` are stored in.
 * @returns a new tensor on the current backend.
 * @example
 * ```ts
 * const t = fromValues(new Int32Array([1, 2, 3, 4]), [2, 2], 'int32'); // [[1, 2], [3, 4]]
 * ```
 */
export function fromValues(values: DataValues, shape: readonly number[], dtype: DType): Tensor {
  if (dtype === 'complex64') {
    const n = values.length / 2;
    const re = new Float32Array(n);
    const im = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      re[i] = values[2 * i] as number;
      im[i] = values[2 * i + 1] as number;
    }
    return complexFromParts(fromValues(re, shape, 'float32'), fromValues(im, shape, 'float32'));
  }
  const b = ENGINE.backendFor('tensor', dtype);
  const h = ENGINE.handleFromValues(b, dtype, values);
  return makeTensor(h, shape, dtype);
}

/** A complex64 tensor from float32 real and imaginary parts (which it takes ownership of). */
export function complexFromParts(re: Tensor, im: Tensor): Tensor {
  const t = makeTensor(null, re.shape, 'complex64');
  t.complexParts = [re.keep(), im.keep()];
  return t;
}

/** Converts a JS value (or typed array) to a tensor, with an optional dtype and shape. */
export function convertToTensor(value: TensorLike, op: string, _arg: string, dtype?: DType, shape?: readonly number[]): Tensor {
  if (isTensor(value)) {
    value.assertAlive(op);
    return value;
  }
  if (dtype !== undefined && !isDType(dtype)) {
    throw new Error(`${op}: unknown dtype '${String(dtype)}'; expected float32, float64, float16, int32, bool, string or complex64`);
  }
  // Fast path for a plain number: ops on tensors meet these all the time.
  if (typeof value === 'number' && shape === undefined) {
    const d = dtype ?? 'float32';
    return fromValues(packNumber(op, value, d), [], d);
  }
  const flat = flatten(op, value);
  let d: DType;
  if (dtype !== undefined) d = dtype;
  else if (value instanceof Float64Array) d = 'float64';
  else if (value instanceof Int32Array) d = 'int32';
  else if (value instanceof Uint8Array) d = 'bool';
  else d = inferFrom(op, flat.values, flat.shape);
  let outShape = flat.shape;
  let values = flat.values;
  if (shape !== undefined) {
    for (const s of shape) {
      if (!Number.isInteger(s) || s < 0) throw new Error(`${op}: invalid shape ${fmtShape(shape)}: sizes must be non-negative integers`);
    }
    const want = sizeOf(shape);
    // A scalar spread over `shape` takes host memory first: check the size against the backend before that.
    if (flat.shape.length === 0) ENGINE.checkAllocation(op, shape, d === 'complex64' ? 'float32' : d);
    if (flat.shape.length === 0) {
      values = new Array(want).fill(values[0]);
    } else if (values.length !== want) {
      throw new Error(`${op}: ${values.length} values (shape ${fmtShape(flat.shape)}) do not fit shape ${fmtShape(shape)}, which needs ${want}`);
    }
    outShape = [...shape];
  }
  return fromValues(pack(op, values, d, outShape), outShape, d);
}
