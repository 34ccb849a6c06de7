/**
 * Loading a saved module: validates the JSON and the weights (validate.ts), makes the variables and constants,
 * and compiles each saved trace into a function that replays it.
 */
import { retain, Variable, type Tensor } from '@lab/core';
import type { Graph } from '../graph.js';
import { compile, makeJitFunction, runEntry, type JitFunction, type JitState } from '../jit.js';
import { describeArgs, signatureOf, specKey, type ArgSpec } from '../signature.js';
import { FORBIDDEN_KEYS, littleEndian, type LoadedModule, type SavedModuleJSON } from './format.js';
import { arr, bool, data, decodeTrace, dtype, fail, int, obj, shape, str } from './validate.js';

/** Loads a module from its artifacts (JSON text or object, and the weights), validating everything first. */
export function importModule(artifacts: { readonly json: SavedModuleJSON | string; readonly weights: Uint8Array | ArrayBuffer }): LoadedModule {
  if (!littleEndian()) throw new Error('loadModule: loading needs a little-endian platform');
  let raw: unknown = artifacts.json;
  if (typeof raw === 'string') {
    try {
      raw = JSON.parse(raw);
    } catch (e) {
      fail('module', `the JSON does not parse (${(e as Error).message}); the file is truncated or corrupt`);
    }
  }
  const w: unknown = artifacts.weights;
  if (!(w instanceof Uint8Array) && !(w instanceof ArrayBuffer)) fail('weights', 'expected a Uint8Array or an ArrayBuffer');
  const weights = w instanceof Uint8Array ? w : new Uint8Array(w);
  const root = obj(raw, 'module');
  if (root.format !== 'lab.jit.module') fail('module.format', `expected 'lab.jit.module', got ${JSON.stringify(root.format)}`);
  if (root.version !== 1) fail('module.version', `unsupported version ${JSON.stringify(root.version)}`);
  if (int(root.weightsByteLength, 'module.weightsByteLength') !== weights.byteLength) {
    fail('weights', `${weights.byteLength} bytes, but the module expects ${String(root.weightsByteLength)}`);
  }
  const made: Tensor[] = [];
  const variables: Variable[] = [];
  const byPath: Record<string, Variable> = {};
  const functions: Record<string, JitFunction> = {};
  try {
    arr(root.variables, 'module.variables').forEach((x, i) => {
      const p = `module.variables[${i}]`;
      const e = obj(x, p);
      const dt = dtype(e.dtype, `${p}.dtype`);
      const sh = shape(e.shape, `${p}.shape`);
      const name = str(e.name, `${p}.name`).replace(/:\d+$/, '');
      // Every field is checked before the tensor is made (a failure after it would leak it).
      const trainable = bool(e.trainable, `${p}.trainable`);
      const path = e.path === null ? null : str(e.path, `${p}.path`);
      if (path !== null && FORBIDDEN_KEYS.has(path)) fail(`${p}.path`, `the path '${path}' is not allowed`);
      const init = data(e.data, `${p}.data`, dt, sh, weights);
      const v = new Variable(init, { name, trainable });
      init.dispose();
      variables.push(v);
      if (path !== null) byPath[path] = v;
    });
    const consts = arr(root.constants, 'module.constants').map((x, i) => {
      const p = `module.constants[${i}]`;
      const e = obj(x, p);
      const dt = dtype(e.dtype, `${p}.dtype`);
      const t = data(e.data, `${p}.data`, dt, shape(e.shape, `${p}.shape`), weights).keep();
      made.push(t);
      return t;
    });
    for (const [i, x] of arr(root.functions, 'module.functions').entries()) {
      const p = `module.functions[${i}]`;
      const e = obj(x, p);
      const name = str(e.name, `${p}.name`);
      if (FORBIDDEN_KEYS.has(name) || Object.hasOwn(functions, name)) fail(`${p}.name`, `duplicate or reserved name '${name}'`);
      const decoded = arr(e.traces, `${p}.traces`).map((t, k) => decodeTrace(t, `${p}.traces[${k}]`, variables, consts));
      functions[name] = loadedFunction(name, decoded);
    }
  } catch (e) {
    // Functions compiled before the failure hold references of their own to the constants.
    for (const f of Object.values(functions)) f.dispose();
    for (const v of variables) v.dispose();
    for (const t of made) t.dispose();
    throw e;
  }
  return {
    functions,
    variables,
    variablesByPath: byPath,
    dispose() {
      for (const f of Object.values(functions)) f.dispose();
      for (const v of variables) v.dispose();
      for (const t of made) t.dispose();
    },
  };
}

/** A jitted function made from saved traces: it replays them, and has no body to trace new signatures with. */
function loadedFunction(name: string, traces: { graph: Graph; spec: ArgSpec; captured: (Variable | null)[] }[]): JitFunction {
  const state: JitState = { name, entries: new Map(), fn: null };
  for (const t of traces) {
    // Each compiled graph owns references of its own to its constants (the module's table keeps its own).
    const graph: Graph = { ...t.graph, constants: t.graph.constants.map((c) => retain(c)) };
    state.entries.set(specKey(t.spec), compile(graph, t.spec, t.captured));
  }
  const call = (_self: unknown, args: unknown[]): unknown => {
    const sig = signatureOf(undefined, args);
    const e = state.entries.get(sig.key);
    if (!e || e.kind !== 'graph') {
      const known = [...state.entries.values()].map((x) => (x.kind === 'graph' ? x.signature : '')).join(', ');
      throw new Error(`loaded function '${name}' has no trace for ${describeArgs(sig.spec)}; it was saved for ${known}`);
    }
    return runEntry(e, sig.leaves);
  };
  return makeJitFunction(state, call, () => 0);
}
