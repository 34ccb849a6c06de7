/**
 * Saving a module's jitted functions with its variables, and loading them without the code (TensorFlow's
 * SavedModel). A saved module is two artifacts: JSON (variables, constants and every traced graph as plain data)
 * and one binary buffer (the variables' and constants' values, little-endian, 8-byte aligned).
 *
 * Loading parses the JSON and validates every field before making anything: op names must be ops lab can
 * replay, value references must point at values made earlier, shapes, dtypes and byte ranges must agree. Nothing
 * in the file is ever evaluated as code: ops are looked up by name in fixed tables.
 */
import {
  bytesPerElement,
  DTYPES,
  type DataValues,
  REPLAYABLE_OPS,
  retain,
  sizeOf,
  Tensor,
  tensor,
  Variable,
  type DType,
} from '@lab/core';
import type { Graph, GraphNode, NodeKind, Plain, Template, ValueInfo, ValueSource, VariableInfo } from './graph.js';
import { compile, isJitFunction, makeJitFunction, runEntry, type JitFunction, type JitState } from './jit.js';
import { ASSIGN_OPS, RANDOM_OPS } from './replay.js';
import { describeArgs, signatureOf, specKey, type ArgSpec } from './signature.js';

/** The binary half's reference to one tensor's values (strings are stored in the JSON). */
export type SavedData = { readonly offset: number; readonly byteLength: number } | { readonly strings: readonly string[] };

/** A saved variable. */
export interface SavedVariable {
  /** Where the module held it (`v`, `layers.0.kernel`), or null for a variable only a graph captured. */
  readonly path: string | null;
  readonly name: string;
  readonly dtype: DType;
  readonly shape: readonly number[];
  readonly trainable: boolean;
  readonly data: SavedData;
}

/** A saved constant. */
export interface SavedConstant {
  readonly dtype: DType;
  readonly shape: readonly number[];
  readonly data: SavedData;
}

/** A graph variable in a saved trace: a module variable, or a Variable argument. */
export type SavedGraphVariable =
  | { readonly module: number }
  | { readonly arg: number; readonly name: string; readonly dtype: DType; readonly shape: readonly number[]; readonly trainable: boolean };

/** A saved trace: its argument signature and its portable graph (JSON-safe: see {@link encodePlain}). */
export interface SavedTrace {
  readonly args: unknown;
  readonly values: readonly { readonly shape: readonly number[]; readonly dtype: DType; readonly source: unknown }[];
  readonly nodes: readonly { readonly kind: NodeKind; readonly op: string; readonly inputs: readonly number[]; readonly outputs: readonly number[]; readonly attrs: unknown }[];
  readonly inputs: readonly number[];
  readonly variables: readonly SavedGraphVariable[];
  /** Indices into the module's constant table, by graph constant index. */
  readonly constants: readonly number[];
  readonly template: unknown;
}

/** The JSON half of a saved module. */
export interface SavedModuleJSON {
  readonly format: 'lab.jit.module';
  readonly version: 1;
  readonly variables: readonly SavedVariable[];
  readonly constants: readonly SavedConstant[];
  readonly functions: readonly { readonly name: string; readonly traces: readonly SavedTrace[] }[];
  readonly weightsByteLength: number;
}

/** A saved module: the JSON and the binary buffer. */
export interface ModuleArtifacts {
  readonly json: SavedModuleJSON;
  readonly weights: Uint8Array;
}

/** A module loaded without its code: its functions and variables. */
export interface LoadedModule {
  /** The saved functions, by the path the module held them at (`multiply`, `heads.0`). */
  readonly functions: Readonly<Record<string, JitFunction>>;
  /** Every loaded variable, in saved order. */
  readonly variables: readonly Variable[];
  /** The variables the module held, by path. */
  readonly variablesByPath: Readonly<Record<string, Variable>>;
  /** Frees the variables, constants and compiled graphs. */
  dispose(): void;
}

// ------------------------------------------------------------------ plain data <-> JSON

/** JSON cannot hold NaN, ±Infinity or -0: they are written as `{ "$num": "NaN" }` and so on. */
export function encodePlain(v: Plain): unknown {
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return { $num: 'NaN' };
    if (v === Infinity) return { $num: 'Infinity' };
    if (v === -Infinity) return { $num: '-Infinity' };
    if (Object.is(v, -0)) return { $num: '-0' };
    return v;
  }
  if (Array.isArray(v)) return (v as Plain[]).map(encodePlain);
  if (v !== null && typeof v === 'object') {
    const o: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) o[k] = encodePlain(x as Plain);
    return o;
  }
  return v === undefined ? null : v;
}

const SPECIAL: Record<string, number> = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity, '-0': -0 };
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** The inverse of {@link encodePlain}, checking that the input is plain JSON data. */
function decodePlain(v: unknown, path: string, depth = 0): Plain {
  if (depth > 32) throw new LoadError(`${path}: nested too deeply`);
  if (v === null || typeof v === 'boolean' || typeof v === 'string') return v;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new LoadError(`${path}: not a finite number`);
    return v;
  }
  if (Array.isArray(v)) return v.map((x, i) => decodePlain(x, `${path}[${i}]`, depth + 1));
  if (typeof v === 'object') {
    const keys = Object.keys(v);
    if (keys.length === 1 && keys[0] === '$num') {
      const s = (v as { $num: unknown }).$num;
      if (typeof s !== 'string' || !(s in SPECIAL)) throw new LoadError(`${path}: unknown special number ${JSON.stringify(s)}`);
      return SPECIAL[s];
    }
    const out: Record<string, Plain> = {};
    for (const k of keys) {
      if (FORBIDDEN_KEYS.has(k)) throw new LoadError(`${path}: the key '${k}' is not allowed`);
      out[k] = decodePlain((v as Record<string, unknown>)[k], `${path}.${k}`, depth + 1);
    }
    return out;
  }
  throw new LoadError(`${path}: not JSON data`);
}

// ------------------------------------------------------------------ binary

function littleEndian(): boolean {
  return new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
}

/** Bytes per element as saved: float16 is stored as float32. */
function savedBytes(dtype: DType): number {
  return dtype === 'float16' ? 4 : bytesPerElement(dtype);
}

/**
 * Lays out the binary buffer from shapes and dtypes alone (float16 as float32 values; bool as bytes; 8-byte
 * aligned), so the values can be read afterwards in one go: asynchronously for {@link exportModuleAsync}.
 * String tensors are stored in the JSON: their arrays are filled in when the values are read.
 */
class WeightsWriter {
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

// ------------------------------------------------------------------ export

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

// ------------------------------------------------------------------ validation

/**
 * The most elements the values of one saved trace may declare in total (2^28: 1 GiB of float32). A graph's
 * intermediates are allocated when it runs, so a small file declaring huge shapes would cost that much per call.
 */
const TRACE_BUDGET_ELEMENTS = 2 ** 28;

/** A saved module that failed validation: the message names the field. */
export class LoadError extends Error {
  constructor(message: string) {
    super(`loadModule: ${message}`);
    this.name = 'LoadError';
  }
}

function fail(path: string, why: string): never {
  throw new LoadError(`${path}: ${why}`);
}

function obj(v: unknown, path: string): Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) fail(path, 'expected an object');
  return v as Record<string, unknown>;
}

function arr(v: unknown, path: string): unknown[] {
  if (!Array.isArray(v)) fail(path, 'expected an array');
  return v;
}

function int(v: unknown, path: string, lo = 0, hi = Number.MAX_SAFE_INTEGER): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < lo || v > hi) fail(path, `expected an integer in [${lo}, ${hi}], got ${JSON.stringify(v)}`);
  return v;
}

function str(v: unknown, path: string): string {
  if (typeof v !== 'string') fail(path, 'expected a string');
  return v;
}

function bool(v: unknown, path: string): boolean {
  if (typeof v !== 'boolean') fail(path, 'expected a boolean');
  return v;
}

function dtype(v: unknown, path: string): DType {
  if (typeof v !== 'string' || !(DTYPES as readonly string[]).includes(v) || v === 'complex64') fail(path, `unknown or unsupported dtype ${JSON.stringify(v)}`);
  return v as DType;
}

function shape(v: unknown, path: string): number[] {
  const s = arr(v, path).map((d, i) => int(d, `${path}[${i}]`, 0, 2 ** 31 - 1));
  if (s.length > 16) fail(path, 'rank above 16');
  return s;
}

function data(v: unknown, path: string, dt: DType, sh: readonly number[], weights: Uint8Array): Tensor {
  const o = obj(v, path);
  const n = sizeOf(sh);
  if ('strings' in o) {
    if (dt !== 'string') fail(path, `strings stored for a ${dt} tensor`);
    const s = arr(o.strings, `${path}.strings`).map((x, i) => str(x, `${path}.strings[${i}]`));
    if (s.length !== n) fail(path, `${s.length} strings for shape [${sh.join(',')}]`);
    return tensor(s, { dtype: 'string', shape: sh });
  }
  if (dt === 'string') fail(path, 'a string tensor needs `strings`');
  const offset = int(o.offset, `${path}.offset`);
  const byteLength = int(o.byteLength, `${path}.byteLength`);
  if (byteLength !== n * savedBytes(dt)) fail(path, `${byteLength} bytes for ${dt}[${sh.join(',')}] (expected ${n * savedBytes(dt)})`);
  if (offset + byteLength > weights.byteLength) fail(path, `bytes [${offset}, ${offset + byteLength}) lie outside the ${weights.byteLength}-byte weights`);
  const bytes = weights.slice(offset, offset + byteLength);
  const buf = bytes.buffer;
  switch (dt) {
    case 'float32':
    case 'float16':
      return tensor(new Float32Array(buf), { dtype: dt, shape: sh });
    case 'float64':
      return tensor(new Float64Array(buf), { dtype: dt, shape: sh });
    case 'int32':
      return tensor(new Int32Array(buf), { dtype: dt, shape: sh });
    case 'bool':
      return tensor(new Uint8Array(buf), { dtype: dt, shape: sh });
    default:
      return fail(path, `unsupported dtype ${dt}`);
  }
}

/** Validates a saved argument spec; returns it with leaves numbered in order (checked). */
function decodeSpec(v: unknown, path: string, leaves: ArgSpec[], depth = 0): ArgSpec {
  if (depth > 32) fail(path, 'nested too deeply');
  const o = obj(v, path);
  switch (o.k) {
    case 'tensor':
    case 'variable': {
      const leaf = int(o.leaf, `${path}.leaf`);
      if (leaf !== leaves.length) fail(`${path}.leaf`, `expected leaf ${leaves.length}`);
      const s: ArgSpec = { k: o.k, leaf, dtype: dtype(o.dtype, `${path}.dtype`), shape: shape(o.shape, `${path}.shape`) };
      const out = o.alias === undefined ? s : { ...s, alias: int(o.alias, `${path}.alias`, 0, leaf - 1) };
      leaves.push(out);
      return out;
    }
    case 'value': {
      if (o.undef === true) return { k: 'value', v: undefined };
      const x = decodePlain(o.v, `${path}.v`);
      if (x !== null && typeof x === 'object') fail(`${path}.v`, 'expected a plain value');
      return { k: 'value', v: x };
    }
    case 'array':
      return { k: 'array', items: arr(o.items, `${path}.items`).map((x, i) => decodeSpec(x, `${path}.items[${i}]`, leaves, depth + 1)) };
    case 'object':
      return {
        k: 'object',
        entries: arr(o.entries, `${path}.entries`).map((e, i) => {
          const p = arr(e, `${path}.entries[${i}]`);
          if (p.length !== 2) fail(`${path}.entries[${i}]`, 'expected [key, spec]');
          const key = str(p[0], `${path}.entries[${i}][0]`);
          if (FORBIDDEN_KEYS.has(key)) fail(`${path}.entries[${i}]`, `the key '${key}' is not allowed`);
          return [key, decodeSpec(p[1], `${path}.entries[${i}][1]`, leaves, depth + 1)] as const;
        }),
      };
    default:
      return fail(`${path}.k`, `unknown argument kind ${JSON.stringify(o.k)}`);
  }
}

function decodeTemplate(v: unknown, path: string, numValues: number, depth = 0): Template {
  if (depth > 32) fail(path, 'nested too deeply');
  const o = obj(v, path);
  switch (o.t) {
    case 'tensor':
      return { t: 'tensor', v: int(o.v, `${path}.v`, 0, numValues - 1) };
    case 'value': {
      if (o.undef === true) return { t: 'value', v: undefined };
      const x = decodePlain(o.v, `${path}.v`);
      if (x !== null && typeof x === 'object') fail(`${path}.v`, 'expected a plain value');
      return { t: 'value', v: x };
    }
    case 'array':
      return { t: 'array', items: arr(o.items, `${path}.items`).map((x, i) => decodeTemplate(x, `${path}.items[${i}]`, numValues, depth + 1)) };
    case 'object':
      return {
        t: 'object',
        entries: arr(o.entries, `${path}.entries`).map((e, i) => {
          const p = arr(e, `${path}.entries[${i}]`);
          if (p.length !== 2) fail(`${path}.entries[${i}]`, 'expected [key, template]');
          const key = str(p[0], `${path}.entries[${i}][0]`);
          if (FORBIDDEN_KEYS.has(key)) fail(`${path}.entries[${i}]`, `the key '${key}' is not allowed`);
          return [key, decodeTemplate(p[1], `${path}.entries[${i}][1]`, numValues, depth + 1)] as const;
        }),
      };
    default:
      return fail(`${path}.t`, `unknown result kind ${JSON.stringify(o.t)}`);
  }
}

const NODE_KINDS: ReadonlySet<string> = new Set(['op', 'random', 'assign', 'readVariable']);

function checkOp(kind: NodeKind, op: string, path: string): void {
  const ok =
    kind === 'op' ? REPLAYABLE_OPS.has(op) : kind === 'random' ? RANDOM_OPS.has(op) : kind === 'assign' ? ASSIGN_OPS.has(op) : kind === 'readVariable' && op === 'readValue';
  if (!ok) fail(`${path}.op`, `'${op}' is not a ${kind} lab can replay`);
}

/** Validates one saved trace and binds it; returns the graph, its spec and its captured variables. */
function decodeTrace(
  v: unknown,
  path: string,
  moduleVars: readonly Variable[],
  moduleConsts: readonly Tensor[],
): { graph: Graph; spec: ArgSpec; captured: (Variable | null)[] } {
  const o = obj(v, path);
  const leaves: ArgSpec[] = [];
  const args = decodeSpec(o.args, `${path}.args`, leaves);
  if (args.k !== 'array') fail(`${path}.args`, 'expected the argument list');
  const spec: ArgSpec = { k: 'array', items: [{ k: 'value', v: undefined }, args] };

  const variables: VariableInfo[] = [];
  const captured: (Variable | null)[] = [];
  arr(o.variables, `${path}.variables`).forEach((x, j) => {
    const p = `${path}.variables[${j}]`;
    const e = obj(x, p);
    if ('module' in e) {
      const mv = moduleVars[int(e.module, `${p}.module`, 0, moduleVars.length - 1)];
      variables.push({ name: mv.name, shape: [...mv.shape], dtype: mv.dtype, trainable: mv.trainable, arg: null });
      captured.push(mv);
    } else {
      const leaf = int(e.arg, `${p}.arg`, 0, leaves.length - 1);
      const l = leaves[leaf];
      const info: VariableInfo = { name: str(e.name, `${p}.name`), shape: shape(e.shape, `${p}.shape`), dtype: dtype(e.dtype, `${p}.dtype`), trainable: bool(e.trainable, `${p}.trainable`), arg: leaf };
      if (l.k !== 'variable' || l.alias !== undefined || l.dtype !== info.dtype || l.shape.join() !== info.shape.join()) fail(p, `does not match argument leaf ${leaf}`);
      variables.push(info);
      captured.push(null);
    }
  });

  const constIdx = arr(o.constants, `${path}.constants`).map((c, i) => int(c, `${path}.constants[${i}]`, 0, moduleConsts.length - 1));
  let traceElements = 0;
  const values: ValueInfo[] = arr(o.values, `${path}.values`).map((x, i) => {
    const p = `${path}.values[${i}]`;
    const e = obj(x, p);
    const sh = shape(e.shape, `${p}.shape`);
    // A replay allocates every value: a declared size is checked against a total budget before anything is made.
    traceElements += sh.reduce((a, b) => a * b, 1);
    if (traceElements > TRACE_BUDGET_ELEMENTS) {
      fail(`${p}.shape`, `[${sh.join(',')}] takes the trace's values over the load budget of ${TRACE_BUDGET_ELEMENTS} elements`);
    }
    const dt = dtype(e.dtype, `${p}.dtype`);
    const s = obj(e.source, `${p}.source`);
    let source: ValueSource;
    switch (s.kind) {
      case 'node':
        source = { kind: 'node' };
        break;
      case 'input': {
        const leaf = int(s.index, `${p}.source.index`, 0, leaves.length - 1);
        const l = leaves[leaf];
        if (l.k !== 'tensor' || l.dtype !== dt || l.shape.join() !== sh.join()) fail(p, `does not match argument leaf ${leaf}`);
        source = { kind: 'input', index: leaf };
        break;
      }
      case 'variable': {
        const j = int(s.index, `${p}.source.index`, 0, variables.length - 1);
        if (variables[j].dtype !== dt || variables[j].shape.join() !== sh.join()) fail(p, `does not match variable ${j}`);
        source = { kind: 'variable', index: j };
        break;
      }
      case 'constant': {
        const c = int(s.index, `${p}.source.index`, 0, constIdx.length - 1);
        const t = moduleConsts[constIdx[c]];
        if (t.dtype !== dt || t.shape.join() !== sh.join()) fail(p, `does not match constant ${c}`);
        source = { kind: 'constant', index: c };
        break;
      }
      default:
        return fail(`${p}.source.kind`, `unknown value source ${JSON.stringify(s.kind)}`);
    }
    return { shape: sh, dtype: dt, source };
  });

  // Every node reads values made before it and makes its outputs exactly once.
  const ready = values.map((x) => x.source.kind !== 'node');
  const made = new Array<boolean>(values.length).fill(false);
  const isVarVersion = values.map((x) => x.source.kind === 'variable');
  const nodes: GraphNode[] = arr(o.nodes, `${path}.nodes`).map((x, i) => {
    const p = `${path}.nodes[${i}]`;
    const e = obj(x, p);
    const kind = str(e.kind, `${p}.kind`);
    if (!NODE_KINDS.has(kind)) fail(`${p}.kind`, `unknown node kind ${JSON.stringify(kind)}`);
    const op = str(e.op, `${p}.op`);
    checkOp(kind as NodeKind, op, p);
    const inputs = arr(e.inputs, `${p}.inputs`).map((y, k) => {
      const id = int(y, `${p}.inputs[${k}]`, 0, values.length - 1);
      if (!ready[id]) fail(`${p}.inputs[${k}]`, `value ${id} is read before it is made`);
      return id;
    });
    const outputs = arr(e.outputs, `${p}.outputs`).map((y, k) => {
      const id = int(y, `${p}.outputs[${k}]`, 0, values.length - 1);
      if (values[id].source.kind !== 'node' || made[id]) fail(`${p}.outputs[${k}]`, `value ${id} cannot be made here`);
      made[id] = true;
      return id;
    });
    const attrs = decodePlain(e.attrs, `${p}.attrs`);
    if (attrs === null || typeof attrs !== 'object' || Array.isArray(attrs)) fail(`${p}.attrs`, 'expected an object');
    const arity = (ins: number, outs: number) => {
      if (inputs.length !== ins || outputs.length !== outs) fail(p, `'${op}' takes ${ins} input(s) and makes ${outs} output(s)`);
    };
    if (kind === 'random') arity(0, 1);
    if (kind === 'readVariable') arity(1, 1);
    if (kind === 'assign') {
      arity(2, 1);
      if (!isVarVersion[inputs[0]]) fail(`${p}.inputs[0]`, 'an assign writes a variable version');
      isVarVersion[outputs[0]] = true;
    }
    if (kind === 'op' && outputs.length === 0) fail(p, 'an op makes at least one output');
    for (const id of outputs) ready[id] = true;
    return { kind: kind as NodeKind, op, inputs, outputs, attrs: attrs as { [k: string]: Plain } };
  });
  values.forEach((x, id) => {
    if (x.source.kind === 'node' && !made[id]) fail(`${path}.values[${id}]`, 'no node makes it');
  });
  const inputs = arr(o.inputs, `${path}.inputs`).map((y, k) => int(y, `${path}.inputs[${k}]`, -1, values.length - 1));
  if (inputs.length !== leaves.length) fail(`${path}.inputs`, `expected ${leaves.length} entries`);
  const template = decodeTemplate(o.template, `${path}.template`, values.length);
  const graph: Graph = { values, nodes, inputs, variables, constants: constIdx.map((c) => moduleConsts[c]), template };
  return { graph, spec, captured };
}

// ------------------------------------------------------------------ import

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
