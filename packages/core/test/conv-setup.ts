/**
 * Setup shared by the convolution and pooling tests, which compare the cpu backend's kernels ('cpu') with core's
 * lowering of the same ops ('cpu-bare', the same backend with every optional kernel hidden).
 */
import { beforeAll } from 'vitest';
import { init } from '@lab/core';
import { cpu } from '@lab/backend-cpu';
import { cpuBare } from './ops-helpers.js';

/** Registers both backends, 'cpu' and 'cpu-bare', before the file's tests (call at the top of a test file). */
export function initKernelsAndLowering(): void {
  beforeAll(async () => {
    await init(cpuBare);
    await init(cpu);
  });
}

/**
 * Seeded test values from a tiny LCG (Numerical Recipes' constants), independent of lab's own RNG so that a
 * change there cannot move a test's inputs.
 * @param n - how many values.
 * @param seed - the seed (any 32-bit integer).
 * @param pick - maps each uniform draw in [0, 1) to a value.
 * @returns `n` values.
 */
export function seeded(n: number, seed: number, pick: (u: number) => number): number[] {
  let s = seed >>> 0;
  return Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return pick(s / 4294967296);
  });
}
