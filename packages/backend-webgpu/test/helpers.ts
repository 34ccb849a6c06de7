/**
 * Shared test helpers: one backend for every test file (the fork is shared, see vitest.config.mjs), and small
 * wrappers to move values in and out and build views.
 */
import { contiguousStrides, type BackendDType, type DataId, type View } from '@lab/core';
import { WebGPUBackend } from '../src/index.js';

let shared: Promise<WebGPUBackend> | null = null;

/** The shared backend (created on first use). */
export function getBackend(): Promise<WebGPUBackend> {
  shared ??= WebGPUBackend.create();
  return shared;
}

/** A buffer holding `values`. */
export function upload(be: WebGPUBackend, dtype: BackendDType, values: ArrayLike<number>): DataId {
  const id = be.alloc(dtype, values.length);
  if (values.length === 0) return id;
  if (dtype === 'float32') be.write(id, Float32Array.from(values));
  else if (dtype === 'int32') be.write(id, Int32Array.from(values));
  else be.write(id, Uint8Array.from(values, (v) => (v ? 1 : 0)));
  return id;
}

/** All values of a buffer as plain numbers. */
export async function download(be: WebGPUBackend, id: DataId): Promise<number[]> {
  return Array.from((await be.read(id)) as Float32Array | Int32Array | Uint8Array);
}

/** A contiguous view. */
export function view(id: DataId, dtype: BackendDType, shape: readonly number[], offset = 0): View {
  return { id, dtype, shape, strides: contiguousStrides(shape), offset };
}

/** A view with explicit strides. */
export function strided(id: DataId, dtype: BackendDType, shape: readonly number[], strides: readonly number[], offset = 0): View {
  return { id, dtype, shape, strides, offset };
}

/** Asserts two float lists agree within a relative and absolute tolerance (NaN meets NaN). */
export function close(got: readonly number[], want: readonly number[], rtol = 1e-5, atol = 1e-6): void {
  if (got.length !== want.length) throw new Error(`length ${got.length} != ${want.length}`);
  for (let i = 0; i < want.length; i++) {
    const g = got[i];
    const w = want[i];
    const ok = Number.isNaN(w)
      ? Number.isNaN(g)
      : !Number.isFinite(w)
        ? g === w
        : Math.abs(g - w) <= atol + rtol * Math.abs(w);
    if (!ok) throw new Error(`element ${i}: got ${g}, want ${w}\n got: ${got.slice(0, 16).join(', ')}\nwant: ${want.slice(0, 16).join(', ')}`);
  }
}
