/**
 * The binary half of a saved module, laid out before any value is read.
 */
import type { DataValues, Tensor } from '@lab/core';
import { savedBytes, type SavedData } from './format.js';

/**
 * Lays out the binary buffer from shapes and dtypes alone (float16 as float32 values; bool as bytes; 8-byte
 * aligned), so the values can be read afterwards in one go: asynchronously for {@link exportModuleAsync}.
 * String tensors are stored in the JSON: their arrays are filled in when the values are read.
 */
export class WeightsWriter {
  private readonly placed: { t: Tensor; offset: number }[] = [];
  private readonly strings: { t: Tensor; into: string[] }[] = [];
  private size = 0;
  add(t: Tensor, what: string): SavedData {
    if (t.dtype === 'complex64') throw new Error(`exportModule: ${what} is complex64, which saving does not support yet`);
    if (t.dtype === 'string') {
      const into: string[] = [];
      this.strings.push({ t, into });
      return { strings: into };
    }
    this.size += (8 - (this.size % 8)) % 8;
    const ref = { offset: this.size, byteLength: t.size * savedBytes(t.dtype) };
    this.placed.push({ t, offset: this.size });
    this.size += ref.byteLength;
    return ref;
  }
  /** The tensors whose values the buffer (and the JSON's string arrays) need, in the order {@link fill} takes. */
  tensors(): Tensor[] {
    return [...this.placed.map((p) => p.t), ...this.strings.map((s) => s.t)];
  }
  /** The buffer from the values of {@link tensors} (filling the string arrays on the way). */
  fill(values: readonly DataValues[]): Uint8Array {
    const out = new Uint8Array(this.size);
    this.placed.forEach(({ offset }, i) => {
      const a = values[i] as Float32Array | Float64Array | Int32Array | Uint8Array;
      out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), offset);
    });
    const n = this.placed.length;
    this.strings.forEach(({ into }, i) => into.push(...(values[n + i] as string[])));
    return out;
  }
}
