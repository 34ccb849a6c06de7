/** Strided copy between two windows, and fill of a window with one value. */
import type { View } from '@lab/core';
import { storageType } from '../wgsl/common.js';
import { runElementwise, scalarSlot, type ElementwiseSpec } from './elementwise.js';
import type { KernelHost } from './types.js';

/** The elementwise spec of copy on `dtype`. */
export function copySpec(dtype: View['dtype']): ElementwiseSpec {
  const t = storageType(dtype, 'copy');
  return { name: 'copy', opKey: `copy:${t}`, inputTypes: [t], outputType: t, expr: 'v0' };
}

/**
 * Writes every element of `src` into the `dst` window. When both are the same buffer the source is first copied
 * aside: one dispatch may not bind a buffer as both read-only and writable, and overlapping windows would race.
 */
export function copy(host: KernelHost, src: View, dst: View): void {
  const spec = copySpec(dst.dtype);
  const s = host.data(src.id, 'copy');
  const d = host.data(dst.id, 'copy');
  if (s === d) {
    const tmp = host.temp(s.size, s);
    host.copyBuffer(s, tmp, s.byteLength);
    runElementwise(host, spec, { inputs: [{ ...src, id: tmp }], out: { view: dst }, shape: src.shape });
    host.releaseTemp(tmp);
    return;
  }
  runElementwise(host, spec, { inputs: [src], out: { view: dst }, shape: src.shape });
}

/** The elementwise spec of fill on `dtype`. */
export function fillSpec(dtype: View['dtype']): ElementwiseSpec {
  const t = storageType(dtype, 'fill');
  const value = t === 'f32' ? `pf(${scalarSlot(0)}u)` : t === 'i32' ? `pi(${scalarSlot(0)}u)` : `p(${scalarSlot(0)}u)`;
  return { name: 'fill', opKey: `fill:${t}`, inputTypes: [], outputType: t, expr: value };
}

/** Fills the `dst` window with `value` (bool: `value != 0`; int32: truncated like a cast). */
export function fill(host: KernelHost, dst: View, value: number | string): void {
  if (typeof value === 'string') throw new Error(`fill: string values are not supported by the webgpu backend`);
  const spec = fillSpec(dst.dtype);
  runElementwise(host, spec, {
    inputs: [],
    out: { view: dst },
    shape: dst.shape,
    scalars: (w) => {
      if (dst.dtype === 'float32') w.f32(scalarSlot(0), value);
      else if (dst.dtype === 'int32') w.i32(scalarSlot(0), Number.isFinite(value) ? Math.trunc(value) | 0 : 0);
      else w.u32(scalarSlot(0), value !== 0 ? 1 : 0);
    },
  });
}
