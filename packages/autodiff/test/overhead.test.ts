// Per-op cost of recording: tiny ops with a tape active (the op connected to a watched tensor, so it is
// recorded) against the same ops with no tape. Prints the medians. The target is < 2x; the assertion is a loose
// regression guard (< 4x), because CI runs other packages' tests on the same two cores at the same time.
// Measure alone: pnpm --filter @lab/autodiff exec vitest run test/overhead.test.ts
import { describe, expect, it } from 'vitest';
import { tensor, type Tensor } from '@lab/core';
import { GradientTape } from '@lab/autodiff';
import { useCpu } from './setup.js';

useCpu();

const OPS_PER_TAPE = 100;
const TAPES = 100;
const REPS = 21;

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

/**
 * Microseconds per op of `op(a, b)` (result disposed), in batches of 100 ops as a training step records them:
 * with a tape, each batch runs on a fresh tape watching `a`, and the tape's creation and disposal (freeing what it
 * kept) are timed too.
 */
function batch(op: (a: Tensor, b: Tensor) => Tensor, a: Tensor, b: Tensor, taped: boolean): number {
  const t0 = cpuMicros();
  for (let k = 0; k < TAPES; k++) {
    const tape = taped ? new GradientTape() : null;
    tape?.watch(a);
    tape?.start();
    for (let i = 0; i < OPS_PER_TAPE; i++) op(a, b).dispose();
    tape?.dispose();
  }
  return (cpuMicros() - t0) / (TAPES * OPS_PER_TAPE);
}

/**
 * CPU time of this process in microseconds (user + system, all threads: V8's GC threads count too). Unlike wall
 * time it does not grow while other processes hold the CPU, which on a shared 2-core machine is most of the noise.
 */
function cpuMicros(): number {
  const u = process.cpuUsage();
  return u.user + u.system;
}

/** Untaped and taped batches alternate (a slow phase hits both); the ratio is the median of the per-pair ratios. */
export function measure(op: (a: Tensor, b: Tensor) => Tensor): { plain: number; taped: number; ratio: number } {
  const a = tensor([1, 2, 3, 4]);
  const b = tensor([5, 6, 7, 8]);
  for (let i = 0; i < 5; i++) {
    batch(op, a, b, false);
    batch(op, a, b, true);
  }
  const plain: number[] = [];
  const taped: number[] = [];
  const ratios: number[] = [];
  for (let rep = 0; rep < REPS; rep++) {
    const p = batch(op, a, b, false);
    const t = batch(op, a, b, true);
    plain.push(p);
    taped.push(t);
    ratios.push(t / p);
  }
  a.dispose();
  b.dispose();
  return { plain: median(plain), taped: median(taped), ratio: median(ratios) };
}

describe('tape overhead', () => {
  it.each([
    ['add (saves nothing)', (a: Tensor, b: Tensor) => a.add(b)],
    ['mul (saves both inputs)', (a: Tensor, b: Tensor) => a.mul(b)],
    ['exp (saves its output)', (a: Tensor) => a.exp()],
    [
      'two chained muls, per pair (the second keeps a fresh input)',
      (a: Tensor, b: Tensor) => {
        const t = a.mul(b);
        const r = t.mul(b);
        t.dispose();
        return r;
      },
    ],
  ])('%s on 4 elements', (name, op) => {
    const { plain, taped, ratio } = measure(op);
    console.log(`tape overhead ${name}: untaped ${plain.toFixed(2)} us, taped ${taped.toFixed(2)} us, ratio ${ratio.toFixed(2)}`);
    expect(ratio).toBeLessThan(4);
  });
});
