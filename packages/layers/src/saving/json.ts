/** Parsing untrusted JSON: size and depth limits, and no prototype-polluting keys. */

/** JSON values after validation. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

/** Parses `text` (at most `maxBytes` characters), rejecting forbidden keys and nesting deeper than `maxDepth`. */
export function parseJson(text: string, what: string, maxBytes = 64 * 1024 * 1024, maxDepth = 64): Json {
  if (text.length > maxBytes) throw new Error(`${what}: ${text.length} bytes is over the limit of ${maxBytes}`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new Error(`${what} is not valid JSON (${(e as Error).message}); the file is truncated or corrupt`);
  }
  check(value, what, 0, maxDepth, '$');
  return value as Json;
}

function check(v: unknown, what: string, depth: number, maxDepth: number, path: string): void {
  if (depth > maxDepth) throw new Error(`${what}: nesting deeper than ${maxDepth} at ${path}`);
  if (Array.isArray(v)) {
    v.forEach((e, i) => check(e, what, depth + 1, maxDepth, `${path}[${i}]`));
  } else if (v !== null && typeof v === 'object') {
    for (const k of Object.keys(v)) {
      if (FORBIDDEN.has(k)) throw new Error(`${what}: forbidden key '${k}' at ${path}`);
      check((v as Record<string, unknown>)[k], what, depth + 1, maxDepth, `${path}.${k}`);
    }
  } else if (typeof v === 'number' && !Number.isFinite(v)) {
    throw new Error(`${what}: non-finite number at ${path}`);
  }
}

/** `v` as a plain object, or an error naming `path`. */
export function obj(v: Json | undefined, path: string): { [key: string]: Json } {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new Error(`${path} must be an object`);
  return v;
}

/** `v` as an array, or an error. */
export function arr(v: Json | undefined, path: string): Json[] {
  if (!Array.isArray(v)) throw new Error(`${path} must be an array`);
  return v;
}

/** `v` as a string, or an error. */
export function str(v: Json | undefined, path: string): string {
  if (typeof v !== 'string') throw new Error(`${path} must be a string`);
  return v;
}

/** `v` as a non-negative safe integer, or an error. */
export function uint(v: Json | undefined, path: string): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) throw new Error(`${path} must be a non-negative integer, got ${JSON.stringify(v)}`);
  return v;
}

/** `v` as a shape (non-negative safe integers, at most 8 axes), or an error. */
export function shapeOf(v: Json | undefined, path: string): number[] {
  const a = arr(v, path);
  if (a.length > 8) throw new Error(`${path}: rank ${a.length} is over the limit of 8`);
  return a.map((d, i) => uint(d, `${path}[${i}]`));
}
