/**
 * Saving: finds a module's jitted functions and Variables and describes them as the saved format's JSON plus
 * the binary buffer's layout (weights.ts), then reads the values (synchronously or asynchronously).
 */
import { Tensor, Variable } from '@lab/core';
import type { Template } from '../graph.js';
import { isJitFunction, type JitFunction } from '../jit.js';
import type { ArgSpec } from '../signature.js';
import { encodePlain, littleEndian, type ModuleArtifacts, type SavedConstant, type SavedModuleJSON, type SavedTrace, type SavedVariable } from './format.js';
import { WeightsWriter } from './weights.js';

/** The jitted functions and Variables a module holds, found through its properties, arrays and plain objects. */
function collect(module: object): { functions: [string, JitFunction][]; variables: [string, Variable][] } {
  const functions: [string, JitFunction][] = [];
  const variables: [string, Variable][] = [];
  const seen = new Set<unknown>();
  const walk = (v: unknown, path: string, depth: number): void => {
    if (v === null || depth > 16 || seen.has(v)) return;
    if (isJitFunction(v)) {
      seen.add(v);
      functions.push([path, v]);
      return;
    }
    if (v instanceof Variable) {
      seen.add(v);
      variables.push([path, v]);
      return;
    }
    if (typeof v !== 'object' || v instanceof Tensor || ArrayBuffer.isView(v)) return;
    seen.add(v);
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, path ? `${path}.${i}` : String(i), depth + 1));
    else if (v instanceof Map) {
      let i = 0;
      for (const [k, x] of v) walk(x, `${path}.${typeof k === 'string' || typeof k === 'number' ? k : i++}`, depth + 1);
    }
    else for (const k of Object.keys(v)) walk((v as Record<string, unknown>)[k], path ? `${path}.${k}` : k, depth + 1);
  };
  walk(module, '', 0);
  return { functions, variables };
}

/**
 * Saves a module: every jitted function it holds (each signature it has been traced with) and every Variable
 * (those it holds, and any a graph captured). Functions must have been called once with each signature to save.
 * Reads the values synchronously, so it works on backends that read synchronously (cpu, wasm); on every backend
 * (webgpu too) use {@link exportModuleAsync}, which writes the same bytes.
 */
export function exportModule(module: object): ModuleArtifacts {
  const { json, writer } = describeModule(module);
  // eslint-disable-next-line no-restricted-properties -- exportModule is the sync-by-design export (exportModuleAsync is its twin; saveModule uses that)
  const weights = writer.fill(writer.tensors().map((t) => t.dataSync()));
  return { json: { ...json, weightsByteLength: weights.byteLength }, weights };
}

/**
 * {@link exportModule} with asynchronous reads: the same artifacts, byte for byte, from every backend (webgpu
 * included). Do not assign to the module's Variables until it resolves.
 */
export async function exportModuleAsync(module: object): Promise<ModuleArtifacts> {
  const { json, writer } = describeModule(module);
  const weights = writer.fill(await Promise.all(writer.tensors().map((t) => t.data())));
  return { json: { ...json, weightsByteLength: weights.byteLength }, weights };
}

/** The module's JSON (without the buffer's length) and the buffer's layout, before any value is read. */
function describeModule(module: object): { json: Omit<SavedModuleJSON, 'weightsByteLength'>; writer: WeightsWriter } {
  if (!littleEndian()) throw new Error('exportModule: saving needs a little-endian platform');
  const { functions, variables } = collect(module);
  if (functions.length === 0) throw new Error('exportModule: the module holds no jitted function (make them with jit())');
  const w = new WeightsWriter();
  const varIndex = new Map<Variable, number>();
  const savedVars: SavedVariable[] = [];
  const addVariable = (v: Variable, path: string | null): number => {
    let i = varIndex.get(v);
    if (i === undefined) {
      i = savedVars.length;
      varIndex.set(v, i);
      savedVars.push({ path, name: v.name, dtype: v.dtype, shape: [...v.shape], trainable: v.trainable, data: w.add(v, `variable '${v.name}'`) });
    }
    return i;
  };
  for (const [path, v] of variables) addVariable(v, path);
  const constIndex = new Map<Tensor, number>();
  const savedConsts: SavedConstant[] = [];
  const addConstant = (t: Tensor): number => {
    let i = constIndex.get(t);
    if (i === undefined) {
      i = savedConsts.length;
      constIndex.set(t, i);
      savedConsts.push({ dtype: t.dtype, shape: [...t.shape], data: w.add(t, 'a constant') });
    }
    return i;
  };
  const saved = functions.map(([name, f]) => {
    const cfs = f.concreteFunctions();
    if (cfs.length === 0) throw new Error(`exportModule: '${name}' has not been traced: call it once with each signature to save`);
    const traces = cfs.map((cf): SavedTrace => {
      const spec = cf.spec;
      if (spec.k !== 'array' || spec.items.length !== 2) throw new Error(`exportModule: '${name}': unexpected signature`);
      const [self, args] = spec.items;
      if (self.k !== 'value' && self.k !== 'opaque') throw new Error(`exportModule: '${name}' was traced with tensors in 'this', which cannot be saved`);
      checkSavable(args, `'${name}' ${cf.signature}`);
      const g = cf.graph;
      return {
        args: encodeSpec(args),
        values: g.values.map((v) => ({ shape: [...v.shape], dtype: v.dtype, source: v.source.kind === 'node' ? { kind: 'node' } : { kind: v.source.kind, index: v.source.index } })),
        nodes: g.nodes.map((n) => ({ kind: n.kind, op: n.op, inputs: [...n.inputs], outputs: [...n.outputs], attrs: encodePlain(n.attrs) })),
        inputs: [...g.inputs],
        variables: g.variables.map((info, j) =>
          info.arg !== null
            ? { arg: info.arg, name: info.name, dtype: info.dtype, shape: [...info.shape], trainable: info.trainable }
            : { module: addVariable(cf.captured[j]!, null) },
        ),
        constants: g.constants.map(addConstant),
        template: encodeTemplate(g.template, `'${name}' result`),
      };
    });
    return { name, traces };
  });
  return { json: { format: 'lab.jit.module', version: 1, variables: savedVars, constants: savedConsts, functions: saved }, writer: w };
}

function checkSavable(s: ArgSpec, what: string): void {
  switch (s.k) {
    case 'opaque':
      throw new Error(`exportModule: ${what} takes an object argument (not a tensor, plain value, array or plain object), which cannot be saved`);
    case 'array':
      s.items.forEach((i) => checkSavable(i, what));
      break;
    case 'object':
      s.entries.forEach(([, i]) => checkSavable(i, what));
      break;
    default:
      break;
  }
}

function encodeSpec(s: ArgSpec): unknown {
  switch (s.k) {
    case 'value':
      return s.v === undefined ? { k: 'value', undef: true } : { k: 'value', v: encodePlain(s.v) };
    case 'array':
      return { k: 'array', items: s.items.map(encodeSpec) };
    case 'object':
      return { k: 'object', entries: s.entries.map(([k, v]) => [k, encodeSpec(v)]) };
    default:
      return s;
  }
}

function encodeTemplate(t: Template, what: string): unknown {
  switch (t.t) {
    case 'tensor':
      return t;
    case 'value':
      return t.v === undefined ? { t: 'value', undef: true } : { t: 'value', v: encodePlain(t.v) };
    case 'array':
      return { t: 'array', items: t.items.map((i) => encodeTemplate(i, what)) };
    case 'object':
      return { t: 'object', entries: t.entries.map(([k, i]) => [k, encodeTemplate(i, what)]) };
    case 'opaque':
      throw new Error(`exportModule: ${what} contains an object that is not a tensor, plain value, array or plain object`);
  }
}
