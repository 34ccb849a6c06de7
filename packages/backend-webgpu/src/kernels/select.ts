/** `out = cond ? a : b` with a bool condition. */
import type { DataId, View } from '@lab/core';
import { storageType } from '../wgsl/common.js';
import { runElementwise, type ElementwiseSpec } from './elementwise.js';
import type { KernelHost } from './types.js';

/** The elementwise spec of select on `dtype` values. */
export function selectSpec(dtype: View['dtype'], condDType: View['dtype']): ElementwiseSpec {
  const t = storageType(dtype, 'select');
  const c = storageType(condDType, 'select');
  const truthy = c === 'f32' ? 'nz_f(v0)' : c === 'i32' ? 'v0 != 0i' : 'v0 != 0u';
  return {
    name: 'select',
    opKey: `select:${dtype}:${condDType}`,
    inputTypes: [c, t, t],
    outputType: t,
    lib: c === 'f32' ? ['bits'] : [],
    expr: `select(v2, v1, ${truthy})`,
  };
}

/** `out = cond ? a : b`. */
export function select(host: KernelHost, cond: View, a: View, b: View, out: DataId): void {
  const spec = selectSpec(a.dtype, cond.dtype);
  runElementwise(host, spec, { inputs: [cond, a, b], out: { id: host.data(out, 'select') }, shape: a.shape });
}
