/**
 * The curriculum's sections C1-C5 in headless Chromium on WebGPU, written as a user writes them: synchronous
 * printing (`console.log(x.toString())`, `dataSync()`, `arraySync()`, `item()`; src/curriculum-page/programs.ts).
 * Each section's printed lines must match the same program run on cpu in Node (text exactly, numbers within a
 * float tolerance), and a few lines are also checked against the values the teaching material prints.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCurriculumPage, type CurriculumSession } from '../src/curriculum-page/session.js';
import { PROGRAMS } from '../src/curriculum-page/programs.js';
import type { CurriculumPageApi, SectionName, SectionRun } from '../src/curriculum-page/protocol.js';
import { compareLines, largestDifference, type Tolerance } from '../../../apps/trainers/src/lib/compare-output.js';
import { BACKENDS, useBackend } from './support/backends.js';

type Api = { labCurriculum: CurriculumPageApi };

/**
 * float32 on two backends (other summation orders, exp/log/tanh implementations), over a few hundred steps; each
 * number may also differ by one unit of its last printed digit. The test logs the largest difference it saw.
 */
const TOLERANCE: Tolerance = { rtol: 1e-4, atol: 1e-5 };

/** Lines each section must print exactly (besides matching cpu): the teaching material's values. */
const EXPECTED: Record<SectionName, readonly (string | RegExp)[]> = {
  C1: [
    "sport: lab.Tensor('Tennis', shape=(), dtype=string) is a 0-d tensor",
    'number: lab.Tensor(1.41421356237, shape=(), dtype=float64) is a 0-d tensor',
    "column vector: lab.Tensor(['Federer' 'Curry'], shape=(2,), dtype=string)",
    'add(a, b) = lab.Tensor(76, shape=(), dtype=int32); a.add(b).item() = 76',
    'func(1.5, 2.5) = lab.Tensor(6.0, shape=(), dtype=float32)',
    'x @ transpose(x) = lab.Tensor([[14. 32.]',
    ' [32. 77.]], shape=(2, 2), dtype=float32)',
    'reduceSum(x) = lab.Tensor(21.0, shape=(), dtype=float32), dataSync() = [21]',
  ],
  C2: [
    "Variable([1, 2], int32): <lab.Variable 'Variable:0' shape=(2,) dtype=int32, numpy=[1 2]>",
    'square(5) = 25; reduceSum([1, 2, 3]) = 6',
    'add([1, 2, 3], Float32Array) = lab.Tensor([11. 22. 33.], shape=(3,), dtype=float32); dataSync() is a Float32Array',
    /^linear fit after 300 steps: w = /,
    'nested tapes, y = x^3 at 1: dy/dx = 3, d2y/dx2 = 6',
  ],
  C3: [
    'lab.Tensor(4, shape=(), dtype=int32)',
    /^solution \(\d+ cell visits\):$/,
    "<lab.Variable 'sudoku:0' shape=(9, 9) dtype=int32, numpy=[[3 1 6 5 7 8 4 9 2]",
    ' [7 4 5 2 8 6 3 1 9]]>', 'w = Variable(3.0), loss = w^3: dloss/dw = 27', 'd/dz (x^2 + y - z^2) at z = 2: -4'],
  C4: ['perceptron: weighted sum 1.6000 > 1.5: true', 'f(x) = x^2 + 2x - 5: f(1) = -2, df/dx at 1 = 4'],
  C5: ['reshape(A, [-1]) = lab.Tensor([1. 2. 3. 4. 5. 6.], shape=(6,), dtype=float32)', 'tape.jacobian(z, W).shape = [2,2,4]'],
};

/** Runs a program on the current backend in Node, collecting what it prints. */
function runInNode(name: SectionName): string[] {
  const lines: string[] = [];
  const original = console.log;
  console.log = (...args: unknown[]) => void lines.push(...args.map(String).join(' ').split('\n'));
  try {
    PROGRAMS[name]();
  } finally {
    console.log = original;
  }
  return lines;
}

let session: CurriculumSession | undefined;
let startError: Error | undefined;

function page(): CurriculumSession {
  if (session) return session;
  throw startError ?? new Error('the curriculum page was not opened');
}

describe('curriculum C1-C5 in headless Chromium on WebGPU, printed synchronously', () => {
  useBackend(BACKENDS[0], { leakCheck: false }); // cpu in Node: the reference run

  beforeAll(async () => {
    try {
      session = await openCurriculumPage();
    } catch (e) {
      startError = e instanceof Error ? e : new Error(String(e));
    }
  }, 180_000);

  afterAll(async () => {
    await session?.close();
    session = undefined;
  });

  it('the page selected webgpu, which reads synchronously there', async () => {
    const info = await page().page.evaluate(() => (globalThis as unknown as Api).labCurriculum.info());
    console.log(`curriculum page: ${JSON.stringify(info)}`);
    expect(info.backend).toBe('webgpu');
    expect(info.syncRead).toBe(true);
  });

  for (const name of Object.keys(PROGRAMS) as SectionName[]) {
    it(`${name} prints the same on webgpu in Chromium as on cpu in Node`, async () => {
      const reference = runInNode(name);
      const run: SectionRun = await page().page.evaluate((n) => (globalThis as unknown as Api).labCurriculum.run(n), name);
      const worst = largestDifference(reference, run.lines).toExponential(1);
      console.log(`${name} in Chromium on webgpu: ${(run.ms / 1000).toFixed(2)} s, ${run.lines.length} lines, largest relative difference from cpu ${worst}`);
      expect(run.error, `${name} threw in the page`).toBeNull();
      expect(run.leakedTensors, `${name} left tensors alive in the page`).toBe(0);
      for (const want of EXPECTED[name]) {
        const found = run.lines.some((l) => (typeof want === 'string' ? l === want : want.test(l)));
        expect(found, `${name} printed no line ${String(want)}:\n${run.lines.join('\n')}`).toBe(true);
      }
      expect(compareLines(reference, run.lines, TOLERANCE)).toEqual([]);
      expect(page().errors).toEqual([]);
    }, 300_000);
  }
});
