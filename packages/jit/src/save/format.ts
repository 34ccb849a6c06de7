/**
 * The saved-module format: the JSON half's types, the plain-data codec (JSON cannot hold NaN, ±Infinity or
 * -0), the byte layout rules of the binary half, and the error a failed load throws.
 */
import { bytesPerElement, type DType, type Variable } from '@lab/core';
import type { NodeKind, Plain } from '../graph.js';
import type { JitFunction } from '../jit.js';

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

/** A saved module that failed validation: the message names the field. */
export class LoadError extends Error {
  constructor(message: string) {
    super(`loadModule: ${message}`);
    this.name = 'LoadError';
  }
}

// ------------------------------------------------------------------ plain data <-> JSON

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
    for (const [k, x] of Object.entries(v)) if (x !== undefined) o[k] = encodePlain(x);
    return o;
  }
  return v === undefined ? null : v;
}

const SPECIAL: Record<string, number> = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity, '-0': -0 };
/** Keys a loaded object may not have (prototype pollution). */
export const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** The inverse of {@link encodePlain}, checking that the input is plain JSON data. */
export function decodePlain(v: unknown, path: string, depth = 0): Plain {
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

// ------------------------------------------------------------------ binary layout

/** True on a little-endian platform: the binary half is little-endian. */
export function littleEndian(): boolean {
  return new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
}

/** Bytes per element as saved: float16 is stored as float32. */
export function savedBytes(dtype: DType): number {
  return dtype === 'float16' ? 4 : bytesPerElement(dtype);
}
