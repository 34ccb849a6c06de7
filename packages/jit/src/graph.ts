/**
 * The traced graph: values (each produced once: an argument, a captured variable's first version, a constant or
 * a node output) and nodes in program order. Everything but the bound constants is plain data, so a graph can be
 * written as JSON and read back without code.
 */
import type { DType, Tensor } from '@lab/core';
import { newaxis, ellipsis } from '@lab/core';

/** Where a value comes from. */
export type ValueSource =
  /** The tensor argument at flat leaf `index` of the signature. */
  | { readonly kind: 'input'; readonly index: number }
  /** The value variable `index` has when the function starts (later versions are outputs of assign nodes). */
  | { readonly kind: 'variable'; readonly index: number }
  /** Bound constant `index` (captured tensors, tensors made from JS values, folded results). */
  | { readonly kind: 'constant'; readonly index: number }
  /** An output of a node. */
  | { readonly kind: 'node' };

/** One value of the graph: its shape, dtype and source. */
export interface ValueInfo {
  readonly shape: readonly number[];
  readonly dtype: DType;
  readonly source: ValueSource;
}

/**
 * A node: `op` nodes are recorded ops (replayed by name), `random` nodes draw again on every call, `assign` nodes
 * write a variable (inputs: its current version and the value or delta; output: its next version),
 * `readVariable` is `readValue()`, and `fused` nodes run a fused elementwise program (made by the fusion pass).
 */
export type NodeKind = 'op' | 'random' | 'assign' | 'readVariable' | 'fused';

/** Plain data: what attributes and templates hold. */
export type Plain = null | boolean | number | string | undefined | readonly Plain[] | { readonly [key: string]: Plain };

/** One node. */
export interface GraphNode {
  readonly kind: NodeKind;
  readonly op: string;
  readonly inputs: readonly number[];
  readonly outputs: readonly number[];
  readonly attrs: { readonly [key: string]: Plain };
}

/** A variable the graph reads or writes: captured by reference, or passed as an argument. */
export interface VariableInfo {
  readonly name: string;
  readonly shape: readonly number[];
  readonly dtype: DType;
  readonly trainable: boolean;
  /** The signature leaf it is passed as, or null when captured from the function's closure. */
  readonly arg: number | null;
}

/** The structure of a function's result, with tensors replaced by value ids. */
export type Template =
  | { readonly t: 'tensor'; readonly v: number }
  | { readonly t: 'value'; readonly v: Plain }
  | { readonly t: 'array'; readonly items: readonly Template[] }
  | { readonly t: 'object'; readonly entries: readonly (readonly [string, Template])[] }
  /** Any other object, returned as it was at trace time (not saved). */
  | { readonly t: 'opaque'; readonly ref: unknown };

/** A traced function: the graph plus the constants it binds. */
export interface Graph {
  readonly values: ValueInfo[];
  readonly nodes: GraphNode[];
  /** Per signature leaf: the value of a tensor argument, or -1 for a Variable argument. */
  readonly inputs: readonly number[];
  readonly variables: readonly VariableInfo[];
  /** Bound constants, by constant index: tensors the graph owns a reference to. */
  readonly constants: Tensor[];
  readonly template: Template;
}

/** Every value id a template refers to, in order. */
export function templateValues(t: Template, out: number[] = []): number[] {
  switch (t.t) {
    case 'tensor':
      out.push(t.v);
      break;
    case 'array':
      for (const i of t.items) templateValues(i, out);
      break;
    case 'object':
      for (const [, i] of t.entries) templateValues(i, out);
      break;
    default:
      break;
  }
  return out;
}

/** The same template with value ids mapped through `f`. */
export function mapTemplate(t: Template, f: (v: number) => number): Template {
  switch (t.t) {
    case 'tensor':
      return { t: 'tensor', v: f(t.v) };
    case 'array':
      return { t: 'array', items: t.items.map((i) => mapTemplate(i, f)) };
    case 'object':
      return { t: 'object', entries: t.entries.map(([k, i]) => [k, mapTemplate(i, f)] as const) };
    default:
      return t;
  }
}

/** The graph's output values. */
export function graphOutputs(g: Graph): number[] {
  return templateValues(g.template);
}

/** Keys that would reach an object's prototype when assigned: never accepted in attributes. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * A deep copy of an attribute value as plain data (arrays, plain objects, numbers, strings, booleans, null), or
 * an error naming the path of the first thing that is not (functions, tensors, class instances).
 */
export function toPlain(v: unknown, path: string, depth = 0): Plain {
  if (depth > 32) throw new Error(`${path}: nested too deeply`);
  if (v === null || v === undefined || typeof v === 'boolean' || typeof v === 'number' || typeof v === 'string') return v;
  if (v === newaxis) return 'None';
  if (v === ellipsis) return '...';
  if (Array.isArray(v)) return v.map((x, i) => toPlain(x, `${path}[${i}]`, depth + 1));
  if (typeof v === 'object') {
    const proto = Object.getPrototypeOf(v) as unknown;
    if (proto === Object.prototype || proto === null) {
      const out: Record<string, Plain> = {};
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
        if (FORBIDDEN_KEYS.has(k)) throw new Error(`${path}: the key '${k}' is not allowed`);
        if (x !== undefined) out[k] = toPlain(x, `${path}.${k}`, depth + 1);
      }
      return out;
    }
  }
  throw new Error(`${path} is not plain data (${typeof v === 'function' ? 'a function' : Object.prototype.toString.call(v)})`);
}

/** A stable string for plain data (object keys sorted), for CSE keys. */
export function plainKey(v: Plain): string {
  if (v === undefined) return 'u';
  if (v === null || typeof v !== 'object') {
    if (typeof v === 'number') return Object.is(v, -0) ? 'n-0' : `n${v}`;
    return JSON.stringify(v);
  }
  if (Array.isArray(v)) return `[${(v as Plain[]).map(plainKey).join(',')}]`;
  const o = v as { [k: string]: Plain };
  return `{${Object.keys(o)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${plainKey(o[k])}`)
    .join(',')}}`;
}

/** For each value, the indices of the nodes that read it (in order). */
export function readers(g: Graph): number[][] {
  const r: number[][] = g.values.map(() => []);
  g.nodes.forEach((n, i) => {
    for (const v of n.inputs) r[v].push(i);
  });
  return r;
}

/**
 * Node kinds whose effect matters even when nothing reads their outputs: variable writes. (A random draw nothing
 * reads, such as a Variable initializer run while a model builds on its first call, is not repeated.)
 */
export function hasEffect(n: GraphNode): boolean {
  return n.kind === 'assign';
}

/** A short description, for errors and `describe()`. */
export function describeGraph(g: Graph): string {
  const name = (v: number) => `%${v}`;
  const lines = g.nodes.map((n) => {
    const outs = n.outputs.map((o) => `${name(o)}: ${g.values[o].dtype}[${g.values[o].shape.join(',')}]`).join(', ');
    const op = n.kind === 'fused' ? `fused(${(n.attrs.ops as string[] | undefined)?.join(' > ') ?? ''})` : n.kind === 'op' ? n.op : `${n.kind}:${n.op}`;
    return `  ${outs || '()'} = ${op}(${n.inputs.map(name).join(', ')})`;
  });
  const src = (v: number) => {
    const s = g.values[v].source;
    return s.kind === 'node' ? '' : ` <- ${s.kind} ${s.index}`;
  };
  const ins = g.values.map((_, v) => v).filter((v) => g.values[v].source.kind !== 'node');
  return [
    `graph: ${g.nodes.length} nodes, ${g.constants.length} constants, ${g.variables.length} variables`,
    ...ins.map((v) => `  ${name(v)}: ${g.values[v].dtype}[${g.values[v].shape.join(',')}]${src(v)}`),
    ...lines,
    `  return ${graphOutputs(g).map(name).join(', ')}`,
  ].join('\n');
}
