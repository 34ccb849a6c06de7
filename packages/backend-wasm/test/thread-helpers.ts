/** Helpers shared by the worker-pool tests: upload a float32 array, compare two outputs bit for bit. */
import { expect } from 'vitest';
import type { Backend, DataId } from '@lab/core';

/** Allocates a float32 buffer on `b` holding `v`. */
export function up(b: Backend, v: Float32Array): DataId {
  const id = b.alloc('float32', v.length);
  b.write(id, v);
  return id;
}

/** Bitwise equality (NaN payloads included) without vitest's slow element-by-element diff. */
export function expectSame(a: Float32Array, b: Float32Array): void {
  expect(a.length).toBe(b.length);
  const ua = new Uint32Array(a.buffer, a.byteOffset, a.length);
  const ub = new Uint32Array(b.buffer, b.byteOffset, b.length);
  let bad = -1;
  for (let i = 0; i < ua.length && bad < 0; i++) if (ua[i] !== ub[i]) bad = i;
  expect(bad, bad >= 0 ? `first difference at ${bad}: ${a[bad]} vs ${b[bad]}` : '').toBe(-1);
}
