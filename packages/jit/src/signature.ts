/**
 * Input signatures: what decides whether a call can reuse a trace. Tensors count by shape and dtype, Variables
 * by shape and dtype too (they are bound by reference on every call), plain JS values by value, and other objects
 * (a model, an optimizer, a function) by identity. Passing the same tensor twice is part of the signature, since
 * the trace cannot tell the two uses apart.
 */
import { Tensor, Variable, type DType } from '@lab/core';
import type { Plain } from './graph.js';

/** The structure of the arguments, with tensors replaced by leaf numbers. */
export type ArgSpec =
  /** A tensor (`alias`: the earlier leaf that is the same object). */
  | { readonly k: 'tensor'; readonly leaf: number; readonly dtype: DType; readonly shape: readonly number[]; readonly alias?: number }
  | { readonly k: 'variable'; readonly leaf: number; readonly dtype: DType; readonly shape: readonly number[]; readonly alias?: number }
  | { readonly k: 'value'; readonly v: Plain }
  | { readonly k: 'array'; readonly items: readonly ArgSpec[] }
  | { readonly k: 'object'; readonly entries: readonly (readonly [string, ArgSpec])[] }
  /** Any other object, by identity (`id` is stable for the object's life). */
  | { readonly k: 'opaque'; readonly id: number };

/** A call's signature. */
export interface Signature {
  /** Equal keys can share a trace. */
  readonly key: string;
  /** `[this, ...args]`. */
  readonly spec: ArgSpec;
  /** The tensors and Variables of the call, in leaf order. */
  readonly leaves: Tensor[];
}

let nextOpaque = 1;
const opaqueIds = new WeakMap<object, number>();

/** A stable number for an object (by identity). */
export function opaqueId(o: object): number {
  let id = opaqueIds.get(o);
  if (id === undefined) {
    id = nextOpaque++;
    opaqueIds.set(o, id);
  }
  return id;
}

function isPlainObject(v: object): boolean {
  const p = Object.getPrototypeOf(v) as unknown;
  return p === Object.prototype || p === null;
}

function specOf(v: unknown, leaves: Tensor[], seen: Map<Tensor, number>, visiting: Set<object>, path: string): ArgSpec {
  if (v instanceof Tensor) {
    const prev = seen.get(v);
    const leaf = leaves.length;
    leaves.push(v);
    if (prev === undefined) seen.set(v, leaf);
    const k = v instanceof Variable ? 'variable' : 'tensor';
    return prev === undefined ? { k, leaf, dtype: v.dtype, shape: v.shape } : { k, leaf, dtype: v.dtype, shape: v.shape, alias: prev };
  }
  if (v === null || v === undefined || typeof v === 'boolean' || typeof v === 'number' || typeof v === 'string') return { k: 'value', v };
  if (typeof v === 'bigint' || typeof v === 'symbol') return { k: 'value', v: String(v) };
  if (typeof v === 'function') return { k: 'opaque', id: opaqueId(v) };
  const o = v;
  if (visiting.has(o)) throw new Error(`jit: the arguments contain a cycle at ${path}`);
  if (Array.isArray(o)) {
    visiting.add(o);
    const items = o.map((x, i) => specOf(x, leaves, seen, visiting, `${path}[${i}]`));
    visiting.delete(o);
    return { k: 'array', items };
  }
  if (isPlainObject(o)) {
    visiting.add(o);
    const entries = Object.keys(o).map((key) => [key, specOf((o as Record<string, unknown>)[key], leaves, seen, visiting, `${path}.${key}`)] as const);
    visiting.delete(o);
    return { k: 'object', entries };
  }
  return { k: 'opaque', id: opaqueId(o) };
}

function num(n: number): string {
  return Object.is(n, -0) ? '-0' : String(n);
}

/** The key of a spec: a compact string, equal exactly when two calls may share a trace. */
export function specKey(s: ArgSpec): string {
  switch (s.k) {
    case 'tensor':
    case 'variable':
      return `${s.k === 'tensor' ? 'T' : 'V'}${s.dtype}[${s.shape.join(',')}]${s.alias === undefined ? '' : `=${s.alias}`}`;
    case 'value':
      return typeof s.v === 'number' ? `n${num(s.v)}` : s.v === undefined ? 'u' : JSON.stringify(s.v);
    case 'array':
      return `[${s.items.map(specKey).join(',')}]`;
    case 'object':
      return `{${s.entries.map(([k, v]) => `${JSON.stringify(k)}:${specKey(v)}`).join(',')}}`;
    case 'opaque':
      return `#${s.id}`;
  }
}

function thisSpec(v: unknown): ArgSpec {
  if ((typeof v === 'object' && v !== null) || typeof v === 'function') return { k: 'opaque', id: opaqueId(v) };
  return { k: 'value', v: v as Plain };
}

/** Deeper nesting than this is taken for a cycle (the per-call path keeps no visited set). */
const MAX_DEPTH = 64;

/** `specKey(specOf(v))` without building the spec: the per-call path (a trace is looked up on every call). */
function keyOf(v: unknown, leaves: Tensor[], depth: number): string {
  if (v instanceof Tensor) {
    const prev = leaves.indexOf(v);
    leaves.push(v);
    // `instanceof` on an `unknown` gives Tensor<any>: name the dtype's type so the key cannot print an object.
    const dtype: DType = v.dtype;
    return `${v instanceof Variable ? 'V' : 'T'}${dtype}[${v.shape.join(',')}]${prev < 0 ? '' : `=${prev}`}`;
  }
  if (v === undefined) return 'u';
  if (v === null || typeof v === 'boolean' || typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number') return `n${num(v)}`;
  if (typeof v === 'bigint' || typeof v === 'symbol') return JSON.stringify(String(v));
  if (typeof v === 'function') return `#${opaqueId(v)}`;
  const o = v;
  if (depth > MAX_DEPTH) throw new Error('jit: the arguments are nested too deeply (or contain a cycle)');
  if (Array.isArray(o)) {
    let k = '[';
    for (let i = 0; i < o.length; i++) k += (i > 0 ? ',' : '') + keyOf(o[i], leaves, depth + 1);
    return `${k}]`;
  }
  if (isPlainObject(o)) {
    let k = '{';
    let first = true;
    for (const key in o) {
      if (!Object.prototype.hasOwnProperty.call(o, key)) continue;
      k += `${first ? '' : ','}${JSON.stringify(key)}:${keyOf((o as Record<string, unknown>)[key], leaves, depth + 1)}`;
      first = false;
    }
    return `${k}}`;
  }
  return `#${opaqueId(o)}`;
}

/**
 * The signature of a call `fn.apply(thisArg, args)`. `this` counts by identity (a method's object), never by its
 * contents. The spec is built only when asked for (when tracing).
 */
export function signatureOf(thisArg: unknown, args: readonly unknown[]): Signature {
  const leaves: Tensor[] = [];
  const self = thisArg === undefined ? 'u' : specKey(thisSpec(thisArg));
  const key = `[${self},${keyOf(args, leaves, 0)}]`;
  let spec: ArgSpec | null = null;
  return {
    key,
    leaves,
    get spec(): ArgSpec {
      spec ??= { k: 'array', items: [thisSpec(thisArg), specOf([...args], [], new Map(), new Set(), 'args')] };
      return spec;
    },
  };
}

/** A readable form of a signature, for messages: `(float32[3], int32[2,2], 5)`. */
export function describeSpec(s: ArgSpec): string {
  switch (s.k) {
    case 'tensor':
    case 'variable':
      return `${s.k === 'variable' ? 'Variable ' : ''}${s.dtype}[${s.shape.join(',')}]`;
    case 'value':
      return s.v === undefined ? 'undefined' : JSON.stringify(s.v);
    case 'array':
      return `[${s.items.map(describeSpec).join(', ')}]`;
    case 'object':
      return `{ ${s.entries.map(([k, v]) => `${k}: ${describeSpec(v)}`).join(', ')} }`;
    case 'opaque':
      return `<object #${s.id}>`;
  }
}

/** The arguments part of a full signature, as `(a, b)`. */
export function describeArgs(spec: ArgSpec): string {
  if (spec.k === 'array' && spec.items.length === 2 && spec.items[1].k === 'array') {
    return `(${spec.items[1].items.map(describeSpec).join(', ')})`;
  }
  return describeSpec(spec);
}
