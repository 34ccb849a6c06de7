// Shared helpers for the op-family tests: backends without optional kernels (to exercise core's lowerings),
// a memory-balance check, and a float comparison for nested arrays.
import { expect } from 'vitest';
import { memory, type Backend, type BackendPlugin, type Tensor } from '@lab/core';
import { cpu } from '@lab/backend-cpu';

const OPTIONAL = ['conv2d', 'conv2dBackpropInput', 'conv2dBackpropFilter', 'pool2d', 'pool2dBackprop', 'softmax', 'fusedMatMul', 'scatterAdd', 'cumsum'];

/** The cpu backend with some members hidden (a Proxy, so the instance's own state stays intact). */
function hiding(name: string, hidden: readonly string[], syncRead = true): BackendPlugin {
  return {
    name,
    priority: 0,
    create: async () => {
      const inst = (await cpu.create()) as Backend;
      const hide = new Set<PropertyKey>(hidden);
      const descriptor = { ...inst.descriptor, name, syncRead };
      return new Proxy(inst, {
        get(target, prop) {
          if (hide.has(prop)) return undefined;
          if (prop === 'descriptor') return descriptor;
          const v = Reflect.get(target, prop, target) as unknown;
          return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
        },
        has(target, prop) {
          return !hide.has(prop) && Reflect.has(target, prop);
        },
      });
    },
  };
}

/** cpu without any optional kernel: every op takes core's lowering onto primitives. */
export const cpuBare: BackendPlugin = hiding('cpu-bare', OPTIONAL);
/** cpu that cannot read synchronously (like WebGPU): ops that would validate by reading must not. */
export const cpuAsync: BackendPlugin = hiding('cpu-async', [...OPTIONAL, 'readSync'], false);

/** Runs `fn` and checks that every tensor and buffer it made (and did not return) is gone. */
export function balanced(fn: () => void): void {
  const before = memory();
  fn();
  const after = memory();
  expect(after.numTensors).toBe(before.numTensors);
  expect(after.numDataBuffers).toBe(before.numDataBuffers);
}

/** Expects `fn` to throw `msg` and to leave memory exactly as it was. */
export function throwsClean(fn: () => unknown, msg: string | RegExp): void {
  const before = memory();
  expect(fn).toThrow(msg);
  const after = memory();
  expect(after.numTensors).toBe(before.numTensors);
  expect(after.numDataBuffers).toBe(before.numDataBuffers);
}

/** Flattens nested arrays of numbers. */
export function flat(v: unknown): number[] {
  return Array.isArray(v) ? v.flatMap(flat) : [v as number];
}

/** Elementwise closeness of two nested arrays (same shape). */
export function expectClose(actual: unknown, expected: unknown, tol = 1e-5): void {
  const a = flat(actual);
  const e = flat(expected);
  expect(a.length).toBe(e.length);
  for (let i = 0; i < a.length; i++) {
    if (Number.isNaN(e[i])) expect(a[i]).toBeNaN();
    else expect(Math.abs(a[i] - e[i])).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(e[i])));
  }
}

/**
 * The values of `f(...inputs)`, checking that the op leaves nothing behind but its result; the inputs are made
 * by the caller (before the check) and freed after it.
 */
export function val(f: (...ts: Tensor[]) => Tensor, ...inputs: Tensor[]): unknown {
  let v: unknown;
  balanced(() => {
    const r = f(...inputs);
    v = r.arraySync();
    r.dispose();
  });
  inputs.forEach((t) => t.dispose());
  return v;
}
