/**
 * Validation of a saved module before anything is made from it: op names must be ops lab can replay, value
 * references must point at values made earlier, shapes, dtypes and byte ranges must agree. Nothing in the file is
 * ever evaluated as code: ops are looked up by name in fixed tables.
 */
import { DTYPES, REPLAYABLE_OPS, sizeOf, tensor, type DType, type Tensor, type Variable } from '@lab/core';
import type { Graph, GraphNode, NodeKind, Plain, Template, ValueInfo, ValueSource, VariableInfo } from '../graph.js';
import { ASSIGN_OPS, RANDOM_OPS } from '../replay.js';
import type { ArgSpec } from '../signature.js';
import { decodePlain, FORBIDDEN_KEYS, LoadError, savedBytes } from './format.js';

/**
 * The most elements the values of one saved trace may declare in total (2^28: 1 GiB of float32). A graph's
 * intermediates are allocated when it runs, so a small file declaring huge shapes would cost that much per call.
 */
const TRACE_BUDGET_ELEMENTS = 2 ** 28;


export function fail(path: string, why: string): never {
  throw new LoadError(`${path}: ${why}`);
}

export function obj(v: unknown, path: string): Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) fail(path, 'expected an object');
  return v as Record<string, unknown>;
}

export function arr(v: unknown, path: string): unknown[] {
  if (!Array.isArray(v)) fail(path, 'expected an array');
  return v;
}

export function int(v: unknown, path: string, lo = 0, hi = Number.MAX_SAFE_INTEGER): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < lo || v > hi) fail(path, `expected an integer in [${lo}, ${hi}], got ${JSON.stringify(v)}`);
  return v;
}

export function str(v: unknown, path: string): string {
  if (typeof v !== 'string') fail(path, 'expected a string');
  return v;
}

export function bool(v: unknown, path: string): boolean {
  if (typeof v !== 'boolean') fail(path, 'expected a boolean');
  return v;
}

export function dtype(v: unknown, path: string): DType {
  if (typeof v !== 'string' || !(DTYPES as readonly string[]).includes(v) || v === 'complex64') fail(path, `unknown or unsupported dtype ${JSON.stringify(v)}`);
  return v as DType;
}

export function shape(v: unknown, path: string): number[] {
  const s = arr(v, path).map((d, i) => int(d, `${path}[${i}]`, 0, 2 ** 31 - 1));
  if (s.length > 16) fail(path, 'rank above 16');
  return s;
}

export function data(v: unknown, path: string, dt: DType, sh: readonly number[], weights: Uint8Array): Tensor {
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

/** The plain value of a saved `value` entry (an argument or a result): not an object or an array. */
function plainValue(o: Record<string, unknown>, path: string): Plain {
  if (o.undef === true) return undefined;
  const x = decodePlain(o.v, `${path}.v`);
  if (x !== null && typeof x === 'object') fail(`${path}.v`, 'expected a plain value');
  return x;
}

/** The `[key, item]` entries of a saved `object` entry, each item decoded by `decode` (`what` names it in errors). */
function entries<T>(o: Record<string, unknown>, path: string, what: string, decode: (v: unknown, path: string) => T): (readonly [string, T])[] {
  return arr(o.entries, `${path}.entries`).map((e, i) => {
    const p = arr(e, `${path}.entries[${i}]`);
    if (p.length !== 2) fail(`${path}.entries[${i}]`, `expected [key, ${what}]`);
    const key = str(p[0], `${path}.entries[${i}][0]`);
    if (FORBIDDEN_KEYS.has(key)) fail(`${path}.entries[${i}]`, `the key '${key}' is not allowed`);
    return [key, decode(p[1], `${path}.entries[${i}][1]`)] as const;
  });
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
    case 'value':
      return { k: 'value', v: plainValue(o, path) };
    case 'array':
      return { k: 'array', items: arr(o.items, `${path}.items`).map((x, i) => decodeSpec(x, `${path}.items[${i}]`, leaves, depth + 1)) };
    case 'object':
      return { k: 'object', entries: entries(o, path, 'spec', (x, p) => decodeSpec(x, p, leaves, depth + 1)) };
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
    case 'value':
      return { t: 'value', v: plainValue(o, path) };
    case 'array':
      return { t: 'array', items: arr(o.items, `${path}.items`).map((x, i) => decodeTemplate(x, `${path}.items[${i}]`, numValues, depth + 1)) };
    case 'object':
      return { t: 'object', entries: entries(o, path, 'template', (x, p) => decodeTemplate(x, p, numValues, depth + 1)) };
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
export function decodeTrace(
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
