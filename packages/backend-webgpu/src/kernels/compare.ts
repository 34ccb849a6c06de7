/** Comparisons to bool. Float comparisons test NaN explicitly: SwiftShader folds `x != x` to false. */
import type { CompareOp, DataId, View } from '@lab/core';
import { storageType, type StorageType } from '../wgsl/common.js';
import { runElementwise, type ElementwiseSpec } from './elementwise.js';
import type { KernelHost } from './types.js';

const SYMBOL: Record<CompareOp, string> = {
  equal: '==',
  notEqual: '!=',
  less: '<',
  lessEqual: '<=',
  greater: '>',
  greaterEqual: '>=',
};

/** The elementwise spec of `op` on storage type `t`. */
export function compareSpec(op: CompareOp, t: StorageType, dtypeName: string): ElementwiseSpec {
  const sym = SYMBOL[op];
  if (!sym) throw new Error(`compare: unknown op '${op}'`);
  let body: string;
  if (t === 'f32') {
    // Any comparison with NaN is false, except notEqual, which is true.
    const nanResult = op === 'notEqual' ? 'true' : 'false';
    body = `if (is_nan(a) || is_nan(b)) { return ${nanResult}; } return a ${sym} b;`;
  } else {
    body = `return a ${sym} b;`;
  }
  return {
    name: `compare:${op}`,
    opKey: `compare:${op}:${dtypeName}`,
    inputTypes: [t, t],
    outputType: 'u32',
    lib: t === 'f32' ? ['bits'] : [],
    helpers: `fn cmp(a: ${t}, b: ${t}) -> bool { ${body} }`,
    expr: 'u32(cmp(v0, v1))',
  };
}

/** `out = a op b` as bool. */
export function compare(host: KernelHost, op: CompareOp, a: View, b: View, out: DataId): void {
  const t = storageType(a.dtype, `compare:${op}`);
  const spec = compareSpec(op, t, a.dtype);
  runElementwise(host, spec, { inputs: [a, b], out: { id: host.data(out, spec.name) }, shape: a.shape });
}
