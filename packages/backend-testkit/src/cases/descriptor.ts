/** Cases of the descriptor and the backend object itself: well-formed facts, methods present, sync, dispose. */
import type { Backend, BackendPlugin } from '@lab/core';
import { EXACT } from '../tolerance.js';
import { ConformanceError, expectValues } from '../check.js';
import { makeView } from '../view.js';
import { ALL_DTYPES, defaultValues } from './common.js';
import { makeCase, type ConformanceCase } from './types.js';
import { EXTENDED_UNARY } from './unary.js';

const PRIMITIVES = [
  'alloc', 'write', 'read', 'free', 'memoryBytes', 'unary', 'binary', 'compare', 'select', 'cast', 'reduce', 'copy', 'fill',
  'matmul', 'gather',
] as const;
const KERNELS = [
  'conv2d', 'conv2dBackpropInput', 'conv2dBackpropFilter', 'pool2d', 'pool2dBackprop', 'softmax', 'fusedMatMul', 'scatterAdd', 'cumsum',
] as const;
const OPTIONAL = ['readSync', ...KERNELS, 'sync', 'dispose', 'isLost'] as const;

/** The descriptor and method checks (dtype-independent); with the plugin, also its name. */
export function descriptorCases(plugin?: BackendPlugin): ConformanceCase[] {
  const cases: ConformanceCase[] = [];
  const add = (title: string, run: (backend: Backend) => void): void => {
    cases.push(makeCase({ kernel: 'descriptor', dtype: null, title, run: async (ctx) => run(ctx.backend) }));
  };
  add('descriptor is well-formed', (b) => {
    const d = b.descriptor;
    const fail = (msg: string): never => {
      throw new ConformanceError(`descriptor: ${msg}`);
    };
    if (!d || typeof d !== 'object') fail('missing');
    if (typeof d.name !== 'string' || d.name.length === 0) fail(`name must be a non-empty string, got ${String(d.name)}`);
    if (!Array.isArray(d.dtypes) || d.dtypes.length === 0) fail('dtypes must be a non-empty array');
    for (const dt of d.dtypes) if (!ALL_DTYPES.includes(dt)) fail(`dtypes lists unknown dtype '${String(dt)}'`);
    if (new Set(d.dtypes).size !== d.dtypes.length) fail(`dtypes lists a dtype twice: [${d.dtypes.join(',')}]`);
    if (d.unaryOps !== undefined) {
      if (!Array.isArray(d.unaryOps)) fail('unaryOps must be an array when present');
      for (const op of d.unaryOps) if (!EXTENDED_UNARY.includes(op)) fail(`unaryOps lists '${String(op)}', which is not an extended unary op`);
      if (new Set(d.unaryOps).size !== d.unaryOps.length) fail('unaryOps lists an op twice');
    }
    if (typeof d.syncRead !== 'boolean') fail(`syncRead must be a boolean, got ${String(d.syncRead)}`);
    for (const [k, list] of Object.entries(d.kernelDTypes ?? {})) {
      if (!(KERNELS as readonly string[]).includes(k)) fail(`kernelDTypes names '${k}', which is not an optional kernel`);
      if (typeof b[k as (typeof KERNELS)[number]] !== 'function') fail(`kernelDTypes restricts '${k}', which the backend does not have`);
      if (!Array.isArray(list)) fail(`kernelDTypes.${k} must be an array`);
      for (const dt of list as readonly string[]) {
        if (!(d.dtypes as readonly string[]).includes(dt)) fail(`kernelDTypes.${k} lists '${dt}', which is not in dtypes [${d.dtypes.join(',')}]`);
      }
    }
  });
  add('every primitive is a function; optional kernels are functions or absent', (b) => {
    for (const m of PRIMITIVES) {
      if (typeof b[m] !== 'function') throw new ConformanceError(`backend.${m} must be a function, got ${typeof b[m]}`);
    }
    for (const m of OPTIONAL) {
      if (b[m] !== undefined && typeof b[m] !== 'function') throw new ConformanceError(`backend.${m} must be a function or absent, got ${typeof b[m]}`);
    }
  });
  add('syncRead matches the presence of readSync', (b) => {
    if (b.descriptor.syncRead && typeof b.readSync !== 'function') {
      throw new ConformanceError('descriptor.syncRead is true but backend.readSync is missing');
    }
    // Core goes by the method's presence: a readSync that exists is called, whatever the descriptor says.
    if (!b.descriptor.syncRead && b.readSync !== undefined) {
      throw new ConformanceError('descriptor.syncRead is false but backend.readSync exists (core would call it); leave it undefined');
    }
    const stalls = b.descriptor.syncReadStalls;
    if (stalls !== undefined && typeof stalls !== 'boolean') throw new ConformanceError(`descriptor.syncReadStalls must be a boolean when present, got ${String(stalls)}`);
  });
  add('memoryBytes is a non-negative integer', (b) => {
    const m = b.memoryBytes();
    if (!Number.isInteger(m) || m < 0) throw new ConformanceError(`memoryBytes() returned ${m}`);
  });
  cases.push(
    makeCase({
      kernel: 'descriptor',
      dtype: null,
      title: 'sync(), when present, resolves and leaves results readable',
      run: async (ctx) => {
        const b = ctx.backend;
        if (!b.sync) return;
        const dt = b.descriptor.dtypes.includes('float32') ? 'float32' : b.descriptor.dtypes[0];
        const values = defaultValues(ctx.rng, dt, 5);
        const src = ctx.upload(dt, values);
        const dst = ctx.alloc(dt, 5);
        b.copy(makeView(src, dt, [5]), makeView(dst, dt, [5]));
        await b.sync();
        expectValues(await ctx.read(dst), values, { kernel: 'sync', dtype: dt, shape: [5], note: 'copy, then sync, then read' }, EXACT);
      },
    }),
  );
  if (plugin) {
    cases.push(
      makeCase({
        kernel: 'descriptor',
        dtype: null,
        title: 'a second instance from the plugin is independent; disposing it leaves the first intact',
        run: async (ctx) => {
          const dt = ctx.backend.descriptor.dtypes[0];
          const values = defaultValues(ctx.rng, dt, 7);
          const id = ctx.upload(dt, values);
          const other = await plugin.create();
          if (other === ctx.backend) throw new ConformanceError('plugin.create() returned the same instance twice');
          const oid = other.alloc(dt, 3);
          other.free(oid);
          other.dispose?.();
          expectValues(await ctx.read(id), values, { kernel: 'dispose', dtype: dt, shape: [7], note: 'buffer of the first instance after disposing a second one' }, EXACT);
        },
      }),
    );
    add('plugin name equals descriptor name', (b) => {
      if (plugin.name !== b.descriptor.name) {
        throw new ConformanceError(`plugin.name is '${plugin.name}' but descriptor.name is '${b.descriptor.name}' (core registers under the plugin name)`);
      }
      if (typeof plugin.priority !== 'number' || !Number.isFinite(plugin.priority)) {
        throw new ConformanceError(`plugin.priority must be a finite number, got ${String(plugin.priority)}`);
      }
    });
  }
  return cases;
}
