/** Shared helpers of the convolution and pooling layers: argument checks and output sizes. */
import type { Shape } from '../common/types.js';
import { fmt } from '../common/types.js';

/** `2` or `[2, 3]` as a pair of positive integers, or a clear error. */
export function toPair(where: string, name: string, v: number | readonly number[]): [number, number] {
  const p = typeof v === 'number' ? [v, v] : [...v];
  if (p.length !== 2 || !p.every((n) => Number.isInteger(n) && n > 0)) {
    throw new Error(`${where}: ${name} must be a positive integer or [h, w], got ${JSON.stringify(v)}`);
  }
  return [p[0], p[1]];
}

/** Checks the padding name. */
export function toPadding(where: string, p: string | undefined): 'valid' | 'same' {
  const v = (p ?? 'valid').toLowerCase();
  if (v !== 'valid' && v !== 'same') throw new Error(`${where}: padding must be 'valid' or 'same', got '${String(p)}'`);
  return v;
}

/** Checks the data format: only channels-last (NHWC) is supported. */
export function checkDataFormat(where: string, f: string | undefined): void {
  if (f !== undefined && f !== 'channelsLast' && f !== 'channels_last') {
    throw new Error(`${where}: dataFormat '${f}' is not supported; lab's 2-D layers are channels-last (NHWC)`);
  }
}

/** The output length of a window op along one axis (TensorFlow's rule); null stays null. */
export function outLength(n: number | null, k: number, stride: number, padding: 'valid' | 'same', dilation = 1): number | null {
  if (n === null) return null;
  if (padding === 'same') return Math.ceil(n / stride);
  const ek = (k - 1) * dilation + 1;
  return Math.max(0, Math.floor((n - ek) / stride) + 1);
}

/** Throws unless the input is rank 4 (NHWC). */
export function expectNHWC(where: string, s: readonly (number | null)[]): void {
  if (s.length !== 4) throw new Error(`${where}: expected a 4-D input [batch, height, width, channels], got shape ${fmt(s)}`);
}

/** The NHWC output shape of a window op. */
export function windowOutputShape(
  s: Shape,
  k: [number, number],
  strides: [number, number],
  padding: 'valid' | 'same',
  channels: number | null,
  dilation: [number, number] = [1, 1],
): Shape {
  return [s[0], outLength(s[1], k[0], strides[0], padding, dilation[0]), outLength(s[2], k[1], strides[1], padding, dilation[1]), channels];
}
