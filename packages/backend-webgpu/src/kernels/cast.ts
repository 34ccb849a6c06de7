/**
 * dtype conversion. float to int32 truncates and wraps like JS ToInt32 (what the cpu backend's Int32Array
 * stores; NaN and Inf give 0), anything to bool is `!= 0` (NaN is true).
 */
import type { BackendDType, DataId, View } from '@lab/core';
import { convertExpr, storageType } from '../wgsl/common.js';
import { runElementwise, type ElementwiseSpec } from './elementwise.js';
import type { KernelHost } from './types.js';

/** The elementwise spec of a cast. */
export function castSpec(from: BackendDType, to: BackendDType): ElementwiseSpec {
  const a = storageType(from, 'cast');
  const b = storageType(to, 'cast');
  return {
    name: 'cast',
    opKey: `cast:${from}:${to}`,
    inputTypes: [a],
    outputType: b,
    lib: a === 'f32' ? ['f2i', 'bits'] : [],
    expr: convertExpr('v0', a, b),
  };
}

/** `out = cast(x)`. */
export function cast(host: KernelHost, x: View, out: DataId, outDType: BackendDType): void {
  const spec = castSpec(x.dtype, outDType);
  runElementwise(host, spec, { inputs: [x], out: { id: host.data(out, 'cast') }, shape: x.shape });
}
