// Two copies of @lab/core in one process (its ESM and CJS builds) share one engine and accept each other's
// tensors; a copy of another version is refused with an explanation. (tooling/package-tests/test/one-engine.test.ts
// runs the real builds from the tarballs; this checks the rules on the sources.)
import { describe, expect, it } from 'vitest';
import { Tensor, Variable, add, tensor } from '@lab/core';
import { brandClass, TENSOR_BRAND } from '../src/engine/identity.js';
import { CORE_VERSION, ENGINE_KEY, sharedEngine, versionClashMessage } from '../src/engine/singleton.js';
import { getEngine } from '../src/engine/engine.js';
import { useCpu } from './setup.js';

useCpu();

/** A tensor as another copy of @lab/core makes it: another class, the same brand and fields. */
function foreignTensor(values: number[]): Tensor {
  const t = tensor(values);
  class OtherCopyTensor {}
  brandClass(OtherCopyTensor, TENSOR_BRAND);
  // The other copy's methods are the same code: copy this copy's onto the other class.
  const { constructor: _c, ...methods } = Object.getOwnPropertyDescriptors(Tensor.prototype);
  Object.defineProperties(OtherCopyTensor.prototype, Object.fromEntries(Object.entries(methods)));
  Object.setPrototypeOf(t, OtherCopyTensor.prototype);
  return t;
}

describe('tensor identity across copies of @lab/core', () => {
  it('instanceof Tensor accepts a tensor whose class is another copy, and ops compute with it', async () => {
    const t = foreignTensor([1, 2, 3]);
    expect(Object.getPrototypeOf(t)).not.toBe(Tensor.prototype);
    expect(t instanceof Tensor).toBe(true);
    expect(t instanceof Variable).toBe(false);
    expect(await add(t, 1).array()).toEqual([2, 3, 4]);
  });

  it('instanceof Variable holds for Variables only, and plain objects are neither', () => {
    const v = new Variable([1, 2]);
    expect(v instanceof Variable).toBe(true);
    expect(v instanceof Tensor).toBe(true);
    expect(tensor([1]) instanceof Variable).toBe(false);
    expect({ shape: [1], dtype: 'float32' } instanceof Tensor).toBe(false);
    const nothing: unknown = null;
    expect(nothing instanceof Tensor).toBe(false);
    v.dispose();
  });

  it('a subclass a user derives keeps the ordinary instanceof', () => {
    class Named extends Variable {}
    const n = new Named([1]);
    const v = new Variable([1]);
    expect(n instanceof Named).toBe(true);
    expect(v instanceof Named).toBe(false);
    expect(n instanceof Variable).toBe(true);
    n.dispose();
    v.dispose();
  });
});

describe('one engine per process', () => {
  it('a second copy of the same version gets the engine already there', () => {
    expect(sharedEngine(() => ({ fresh: true }))).toBe(getEngine());
  });

  it('a copy of another version is refused with what happened and how to fix it', () => {
    const g = globalThis as unknown as Record<symbol, unknown>;
    const mine = g[ENGINE_KEY];
    const engine = getEngine();
    Object.defineProperty(g, ENGINE_KEY, { value: { version: '9.9.9', engine: {} }, configurable: true });
    try {
      expect(() => sharedEngine(() => ({}))).toThrow(versionClashMessage('9.9.9', CORE_VERSION));
      expect(versionClashMessage('9.9.9', CORE_VERSION)).toMatch(/two different versions of @lab\/core.*npm ls @lab\/core/s);
      // An engine stored by a release before the version check (the engine itself, no version) counts as older.
      Object.defineProperty(g, ENGINE_KEY, { value: engine, configurable: true });
      expect(() => sharedEngine(() => ({}))).toThrow(/0\.1\.0 or older \(loaded first\)/);
    } finally {
      Object.defineProperty(g, ENGINE_KEY, { value: mine, configurable: true });
    }
    expect(sharedEngine(() => ({}))).toBe(getEngine());
  });
});
