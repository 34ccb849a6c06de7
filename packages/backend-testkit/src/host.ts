/**
 * Host-side values: the kit computes with plain `number[]` (float16 decoded, bool as 0/1) or `string[]`, and
 * converts to and from the typed arrays of the contract only at the backend's door.
 */
import { float16BitsToFloat32, float32ToFloat16Bits, type BackendDType, type DataValues } from '@lab/core';
import { ConformanceError } from './check.js';

/** Values of one buffer as the kit handles them. */
export type HostValues = number[] | string[];

/** The typed array a dtype must be read back as. */
const READ_TYPES: Record<Exclude<BackendDType, 'string'>, { ctor: { name: string }; test: (v: unknown) => boolean }> = {
  float32: { ctor: Float32Array, test: (v) => v instanceof Float32Array },
  float64: { ctor: Float64Array, test: (v) => v instanceof Float64Array },
  float16: { ctor: Uint16Array, test: (v) => v instanceof Uint16Array },
  int32: { ctor: Int32Array, test: (v) => v instanceof Int32Array },
  bool: { ctor: Uint8Array, test: (v) => v instanceof Uint8Array },
};

let f16Table: Float32Array | undefined;

/**
 * float16 bits to numbers through a 65536-entry table built once with core's `float16BitsToFloat32` (the same
 * conversion, without its per-element cost on 1e5-element cases).
 */
export function decodeFloat16(bits: Uint16Array): number[] {
  f16Table ??= float16BitsToFloat32(new Uint16Array(65536).map((_, i) => i));
  const t = f16Table;
  const out = new Array<number>(bits.length);
  for (let i = 0; i < bits.length; i++) out[i] = t[bits[i]];
  return out;
}

/** True for float32, float64 and float16. */
export function isFloat(dtype: BackendDType): boolean {
  return dtype === 'float32' || dtype === 'float64' || dtype === 'float16';
}

/** Rounds one number to what `dtype` stores: fround, half-float rounding, int32 wrap, bool `!= 0`. */
export function roundTo(dtype: BackendDType, x: number): number {
  switch (dtype) {
    case 'float32':
      return Math.fround(x);
    case 'float16':
      return decodeFloat16(float32ToFloat16Bits([x]))[0];
    case 'float64':
      return x;
    case 'int32':
      return x | 0;
    case 'bool':
      return x !== 0 ? 1 : 0;
    case 'string':
      throw new Error('roundTo: string is not numeric');
  }
}

/** Rounds every number (see {@link roundTo}). */
export function roundAll(dtype: BackendDType, xs: readonly number[]): number[] {
  if (dtype === 'float16') return decodeFloat16(float32ToFloat16Bits(xs));
  if (dtype === 'float64') return xs.slice();
  return xs.map((x) => roundTo(dtype, x));
}

/** True if `x` is stored exactly by `dtype` (NaN counts as representable in float dtypes). */
export function representable(dtype: BackendDType, x: number): boolean {
  if (Number.isNaN(x)) return isFloat(dtype);
  if (dtype === 'bool') return x === 0 || x === 1;
  if (dtype === 'int32') return Number.isInteger(x) && x >= -2147483648 && x <= 2147483647;
  return roundTo(dtype, x) === x;
}

/** Converts host values to the typed array (or string array) the contract writes. */
export function encode(dtype: BackendDType, values: HostValues): DataValues {
  if (dtype === 'string') return (values as string[]).slice();
  const nums = values as number[];
  switch (dtype) {
    case 'float32':
      return Float32Array.from(nums);
    case 'float64':
      return Float64Array.from(nums);
    case 'float16':
      return float32ToFloat16Bits(nums);
    case 'int32':
      return Int32Array.from(nums);
    case 'bool':
      return Uint8Array.from(nums, (x) => (x !== 0 ? 1 : 0));
  }
}

/**
 * Converts what `read` returned to host values, checking it has the dtype's array type and the buffer's length:
 * a backend that returns a Float32Array for float16, or a short array, fails here with a message saying so.
 */
export function decode(dtype: BackendDType, data: unknown, length: number, where: string): HostValues {
  if (dtype === 'string') {
    if (!Array.isArray(data) || data.some((s) => typeof s !== 'string')) {
      throw new ConformanceError(`${where}: read of a string buffer must return string[], got ${describe(data)}`);
    }
  } else if (!READ_TYPES[dtype].test(data)) {
    throw new ConformanceError(`${where}: read of a ${dtype} buffer must return a ${READ_TYPES[dtype].ctor.name}, got ${describe(data)}`);
  }
  const arr = data as DataValues;
  if (arr.length !== length) {
    throw new ConformanceError(`${where}: read of a ${dtype} buffer of ${length} elements returned ${arr.length}`);
  }
  if (dtype === 'string') return (arr as string[]).slice();
  if (dtype === 'float16') return decodeFloat16(arr as Uint16Array);
  return Array.from(arr as ArrayLike<number>);
}

function describe(v: unknown): string {
  if (v === null || v === undefined) return String(v);
  if (Array.isArray(v)) return `an Array of ${v.length}`;
  return (v as { constructor?: { name?: string } }).constructor?.name ?? typeof v;
}
