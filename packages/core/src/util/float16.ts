/**
 * float16 storage: 16-bit IEEE half floats kept as raw bits in a Uint16Array. Rounding to half precision is
 * done by @petamoriken/float16 (correct round-to-nearest-even, NaN/Inf, subnormals), not by hand.
 */
import { Float16Array } from '@petamoriken/float16';

let decodeTable: Float32Array | null = null;

/** Every half-float bit pattern's value, decoded once by the library (65,536 entries, 256 KiB). */
function table(): Float32Array {
  if (decodeTable === null) {
    const all = new Uint16Array(65536);
    for (let i = 0; i < 65536; i++) all[i] = i;
    decodeTable = Float32Array.from(new Float16Array(all.buffer));
  }
  return decodeTable;
}

/**
 * Converts half-float bits to float32 values (a table lookup per element).
 * @param bits - IEEE half-precision bit patterns.
 * @returns their values as a Float32Array of the same length.
 * @example
 * ```ts
 * float16BitsToFloat32(new Uint16Array([0x3c00, 0xc000])); // Float32Array [1, -2]
 * ```
 */
export function float16BitsToFloat32(bits: Uint16Array): Float32Array {
  const t = table();
  const out = new Float32Array(bits.length);
  for (let i = 0; i < bits.length; i++) out[i] = t[bits[i]];
  return out;
}

/**
 * Converts numbers to half-float bits (round to nearest even).
 * @param values - numbers (out of range: Infinity; NaN stays NaN).
 * @returns their nearest half-precision bit patterns.
 * @example
 * ```ts
 * float32ToFloat16Bits([1, -2]); // Uint16Array [0x3c00, 0xc000]
 * ```
 */
export function float32ToFloat16Bits(values: ArrayLike<number>): Uint16Array {
  const halves = new Float16Array(values.length);
  // The library's typed-array constructor path converts in bulk; element-wise set goes through its Proxy.
  halves.set(values instanceof Float32Array || values instanceof Float64Array ? values : Array.from(values));
  return new Uint16Array(halves.buffer, halves.byteOffset, halves.length);
}
