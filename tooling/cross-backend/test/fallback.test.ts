/**
 * float16 and float64 on every backend: native where the backend lists the dtype (cpu: both; wasm: float64),
 * otherwise on cpu through the engine's fallback, announced by exactly one notice per backend and dtype.
 * `engine.backendFor` takes *any* live backend that has the dtype, so `useBackend` keeps only cpu and the backend
 * under test alive, and the tests check that the fallback really landed on cpu.
 */
import { describe, expect, it } from 'vitest';
import {
  add,
  backendInstance,
  cast,
  concat,
  cumsum,
  getBackend,
  matMul,
  setBackend,
  softmax,
  tensor,
  where,
  type Tensor,
} from '@lab/core';
import { BACKENDS, useBackend } from './support/backends.js';
import { notices } from './support/notices.js';
import { rand } from './support/op-cases.js';
import { expectValuesClose, readout, sandbox, type Readout, type Tol } from './support/values.js';

const TOL: Record<'float64' | 'float16', Tol> = {
  float64: { rtol: 1e-12, atol: 1e-14 },
  float16: { rtol: 1e-3, atol: 1e-3 },
};

/** The notices saying `backend` lacks `dtype`. */
function fallbackNotices(backend: string, dtype: string): string[] {
  return notices().filter((n) => n.includes(`backend '${backend}' does not support dtype ${dtype};`));
}

/** A sample of ops on `dtype`, built on the current backend. */
function sample(dtype: 'float64' | 'float16'): Tensor[] {
  const a = tensor(rand(12, 201), { shape: [3, 4], dtype });
  const c = tensor(rand(8, 202), { shape: [4, 2], dtype });
  return [
    a.add(a),
    a.mul(2.5),
    matMul(a, c),
    matMul(a, a, false, true),
    a.sum(1),
    a.max(0),
    a.exp(),
    softmax(a),
    a.greater(0),
    where(a.greater(0), a, a.neg()),
    concat([a, a.at(1).expandDims(0)]),
    cumsum(a, 1),
    a.transpose().reshape([2, 6]),
    cast(a, 'float32'),
    cast(a, 'int32'),
  ];
}

/**
 * Casting *to* a dtype the current backend lacks runs on the backend that holds it (cpu), the input moved there.
 * From a backend that cannot read synchronously (WebGPU) the move is the caller's, and the error names it.
 */
const MOVE_HINT = /cannot be read synchronously; move it first: x = await x\.to\('cpu'\)/;

describe.each(BACKENDS)('float16 and float64 on $label', (b) => {
  useBackend(b);

  for (const dtype of ['float64', 'float16'] as const) {
    it(`${dtype}: a sample of ops matches cpu, on the right backend, with one notice when falling back`, () =>
      sandbox(async () => {
        const native = backendInstance().descriptor.dtypes.includes(dtype);
        const home = native ? b.name : 'cpu';
        const got: Readout[] = await Promise.all(sample(dtype).map(readout));
        const ref: Readout[] = b.name === 'cpu' ? got : await runOnCpu(() => sample(dtype));
        got.forEach((g, i) => {
          const what = `${b.label}: ${dtype} sample output #${i} (${g.dtype})`;
          // Outputs of a fallback op stay on cpu, whatever their dtype (the cast to float32 and the bool too).
          expect(g.backend, `${what}: held by`).toBe(home);
          expect({ dtype: g.dtype, shape: g.shape }).toEqual({ dtype: ref[i].dtype, shape: ref[i].shape });
          const tol = g.dtype === dtype ? TOL[dtype] : g.dtype === 'float32' ? { rtol: 1e-6, atol: 1e-7 } : { rtol: 0, atol: 0 };
          expectValuesClose(g.values, ref[i].values, tol, what);
        });
        const seen = fallbackNotices(b.name, dtype);
        if (native) {
          expect(seen).toEqual([]);
        } else {
          // Once per process: earlier files may have triggered it already, so count the whole run's log.
          expect(seen, `notices for ${b.name}/${dtype}`).toHaveLength(1);
          expect(seen[0]).toMatch(new RegExp(`running ${dtype} ops on 'cpu' instead \\(shown once\\)\\.$`));
        }
      }));

    it(`cast float32 -> ${dtype} on ${b.label}`, () =>
      sandbox(async () => {
        let x = tensor([1.5, -2.25, 3]);
        const home = backendInstance().descriptor.dtypes.includes(dtype) ? b.name : 'cpu';
        if (!b.syncRead && home === 'cpu') {
          expect(() => cast(x, dtype)).toThrow(new RegExp(`use await castAsync\\(x, '${dtype}'\\) \\(or cast\\(await x\\.to\\('cpu'\\), '${dtype}'\\)\\)`));
          x = await x.to('cpu');
        }
        const y = cast(x, dtype);
        expect([y.dtype, y.backendName, await y.array()]).toEqual([dtype, home, [1.5, -2.25, 3]]);
      }));
  }

  // On WebGPU the bool condition cannot be read synchronously, so core cannot move it to cpu for the float64
  // select: the error names the way out, `await cond.to('cpu')`, and following it works.
  it(`where(bool made on ${b.label}, float64 values on the fallback)`, () =>
    sandbox(async () => {
      let cond = tensor([1, -1, 2]).greater(0);
      const a = tensor([1, 2, 3], 'float64');
      const c = tensor([-1, -2, -3], 'float64');
      if (!b.syncRead) {
        expect(() => where(cond, a, c)).toThrow(MOVE_HINT);
        cond = await cond.to('cpu');
      }
      const out: Tensor = where(cond, a, c);
      expect([out.dtype, await out.array()]).toEqual(['float64', [1, -2, 3]]);
    }));

  it('a float32 result computed on the fallback comes back to the backend for the next float32 op', () =>
    sandbox(async () => {
      const wide = tensor([0.5, 1.5, 2.5], 'float64');
      const narrowed = cast(wide.mul(2), 'float32'); // computed where float64 lives
      const local = tensor([1, 1, 1]);
      const sum = add(local, narrowed); // float32: runs on the backend under test
      expect(sum.backendName).toBe(b.name);
      expect(await sum.array()).toEqual([2, 4, 6]);
    }));
});

/** Runs `build` on cpu and reads the results (the reference). */
async function runOnCpu(build: () => Tensor[]): Promise<Readout[]> {
  const prev = getBackend();
  setBackend('cpu');
  try {
    return await Promise.all(build().map(readout));
  } finally {
    setBackend(prev);
  }
}
