// The curriculum sample on ref64 in strict mode, so no op can quietly run on another backend.
import { beforeAll, describe, expect, it } from 'vitest';
import { backendInstance, getBackend, init, listBackends } from '@lab/core';
import { ref64, Ref64Backend } from '../src/index.js';
import { runCurriculumSample } from '../src/curriculum.js';

describe('ref64 runs the curriculum', () => {
  beforeAll(async () => {
    await init(ref64, { strict: true });
  });

  it('is registered under its own name', () => {
    expect(getBackend()).toBe('ref64');
    expect(listBackends()).toContain('ref64');
    expect(backendInstance()).toBeInstanceOf(Ref64Backend);
  });

  it('C1: x @ x^T and softmax; C2: nested tapes give the second derivative', () => {
    const r = runCurriculumSample();
    expect(r.gram).toEqual([[14, 32], [32, 77]]);
    for (const row of r.softmax) {
      [0.09003057, 0.24472848, 0.66524094].forEach((p, i) => expect(row[i]).toBeCloseTo(p, 7));
    }
    expect(r.dydx).toBe(3);
    expect(r.d2ydx2).toBe(6);
  });
});
