/**
 * float16 storage: 16-bit IEEE half floats kept as raw bits in a Uint16Array. Conversion is done by
 * @petamoriken/float16 (correct rounding, NaN/Inf and subnormals handled), not by hand.
 */
import { getFloat16, setFloat16 } from '@petamoriken/float16';

/** Converts half-float bits to float32 values. */
export function float16BitsToFloat32(bits: Uint16Array): Float32Array {
  const view = new DataView(bits.buffer, bits.byteOffset, bits.byteLength);
  const out = new Float32Array(bits.length);
  for (let i = 0; i < bits.length; i++) out[i] = getFloat16(view, i * 2, true);
  return out;
}

/** Converts numbers to half-float bits (round to nearest even). */
export function float32ToFloat16Bits(values: ArrayLike<number>): Uint16Array {
  const out = new Uint16Array(values.length);
  const view = new DataView(out.buffer);
  for (let i = 0; i < values.length; i++) setFloat16(view, i * 2, values[i], true);
  return out;
}
