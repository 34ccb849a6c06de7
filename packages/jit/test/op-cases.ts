// The op cases of ops.test.ts, shared by every backend's run of them (cpu: ops.test.ts, wasm: ops-wasm.test.ts).
// Jitted and eager agree on every recorded op: the gradient checker's op cases (every differentiable op, several
// shapes, broadcasting) plus cases for the ops without gradients. Each case is traced once, then replayed with new
// input values, through the fast plan (fusion, no tape) and under a tape (op by op), whose gradients must match
// the eager tape's.
import { afterAll, describe, expect, it } from 'vitest';
import * as lab from '@lab/core';
import { addRecorder, RECORDED_OPS, REPLAYABLE_OPS, tensor, tidy, type Tensor } from '@lab/core';
import { GradientTape } from '@lab/autodiff';
import { jit } from '@lab/jit';
import { OP_SPECS, type Arg, type Case } from '../../autodiff/test/op-specs.js';
import { expectSame, rng } from './helpers.js';

function sample(a: Arg, r: () => number): Tensor {
  const n = a.shape.reduce((p, s) => p * s, 1);
  if (a.kind === 'bool') return tensor(Uint8Array.from({ length: n }, () => (r() < 0.5 ? 1 : 0)), { dtype: 'bool', shape: a.shape });
  if (a.kind === 'int') return tensor(Int32Array.from(a.ints!), { dtype: 'int32', shape: a.shape });
  const v = a.fill ? a.fill(n, r) : Array.from({ length: n }, () => a.domain!(r));
  return tensor(Float64Array.from(v), { dtype: 'float64', shape: a.shape });
}

/** Results of a call as a flat list (ops may return one tensor or several). */
function flat(r: Tensor | Tensor[] | { values: Tensor; indices: Tensor }): Tensor[] {
  if (r instanceof lab.Tensor) return [r];
  if (Array.isArray(r)) return r;
  return [r.values, r.indices];
}

/** Every op name recorded by the eager runs (to check that the cases cover RECORDED_OPS). */
const seen = new Set<string>();

/** Runs `f` with a recorder that notes op names (only around eager calls: a recorder makes jit replay op by op). */
function withNames<T>(f: () => T): T {
  const remove = addRecorder({ recordOp: (op) => seen.add(op.name) });
  try {
    return f();
  } finally {
    remove();
  }
}

/** Runs one case: trace, replay (fast), replay under a tape; compares values and gradients with eager. */
function check(name: string, c: Case | ExtraCase, seed: number): void {
  const call = c.call as (...x: Tensor[]) => Tensor | Tensor[];
  const jf = jit((...x: Tensor[]) => call(...x), { name: `${name} ${c.label}` });
  tidy(() => {
    for (let round = 0; round < 3; round++) {
      const r = rng(seed + round);
      const xs = c.args.map((a) => sample(a, r));
      const eager = flat(withNames(() => call(...xs)));
      const jitted = flat(jf(...xs) as Tensor | Tensor[]);
      expect(jitted.length).toBe(eager.length);
      eager.forEach((e, i) => expectSame(jitted[i], e, `${name} ${c.label} round ${round} output ${i}`));
    }
    expect(jf.traceCount).toBe(1);
    // Under a tape: the replay goes op by op, and the gradients are the eager tape's.
    const floats = c.args.map((a, i) => (a.kind === undefined ? i : -1)).filter((i) => i >= 0);
    if (floats.length === 0 || !eagerOutputsFloat(c)) return;
    const r = rng(seed + 7);
    const xs = c.args.map((a) => sample(a, r));
    const grads = (f: (...x: Tensor[]) => Tensor | Tensor[]) => {
      const tape = new GradientTape();
      for (const i of floats) tape.watch(xs[i]);
      const out = tape.record(() => flat(f(...xs)).filter((t) => lab.isFloatDType(t.dtype)));
      const loss = tape.record(() => out.reduce<Tensor>((acc, t, k) => lab.add(acc, lab.sum(lab.mul(lab.square(lab.cast(t, 'float64')), k + 1))), lab.tensor(0, 'float64')));
      return tape.gradient(loss, floats.map((i) => xs[i]));
    };
    const ge = grads(call);
    const gj = grads((...x) => jf(...x) as Tensor | Tensor[]);
    ge.forEach((g, k) => {
      if (g === null) expect(gj[k]).toBeNull();
      else expectSame(gj[k]!, g, `${name} ${c.label} gradient ${k}`);
    });
  });
}

/** Whether a case's outputs include a float (only then is there a gradient to compare). */
function eagerOutputsFloat(c: Case | ExtraCase): boolean {
  return tidy(() => {
    const r = rng(1);
    const out = flat((c.call as (...x: Tensor[]) => Tensor | Tensor[])(...c.args.map((a) => sample(a, r))));
    return out.some((t) => lab.isFloatDType(t.dtype));
  });
}

interface ExtraCase {
  label: string;
  args: Arg[];
  call: (...x: Tensor[]) => Tensor | Tensor[] | lab.TopKResult;
}

const f = (shape: number[], lo = -2, hi = 2): Arg => ({ shape, domain: (r) => lo + (hi - lo) * r() });
const b = (shape: number[]): Arg => ({ shape, kind: 'bool' });
const i32 = (shape: number[], ints: number[]): Arg => ({ shape, kind: 'int', ints });

/** Ops without gradients (or with zero ones), and int/bool dtypes. */
const EXTRA: Record<string, ExtraCase[]> = {
  sign: [{ label: 'float', args: [f([3, 4])], call: (x) => lab.sign(x) }],
  round: [{ label: 'float', args: [f([7], -3, 3)], call: (x) => lab.round(x) }],
  floor: [{ label: 'float', args: [f([7], -3, 3)], call: (x) => lab.floor(x) }],
  ceil: [{ label: 'float', args: [f([7], -3, 3)], call: (x) => lab.ceil(x) }],
  trunc: [{ label: 'float', args: [f([7], -3, 3)], call: (x) => lab.trunc(x) }],
  logicalNot: [{ label: 'bool', args: [b([5])], call: (x) => lab.logicalNot(x) }],
  isNaN: [{ label: 'log of negatives', args: [f([6])], call: (x) => lab.isNaN(lab.log(x)) }],
  isFinite: [{ label: 'reciprocal', args: [f([6])], call: (x) => lab.isFinite(lab.reciprocal(lab.round(x))) }],
  isInf: [{ label: 'reciprocal', args: [f([6])], call: (x) => lab.isInf(lab.reciprocal(lab.round(x))) }],
  floorDiv: [{ label: 'float', args: [f([4]), f([4], 0.5, 2)], call: (x, y) => lab.floorDiv(x, y) }],
  logicalAnd: [{ label: 'broadcast', args: [b([2, 3]), b([3])], call: (x, y) => lab.logicalAnd(x, y) }],
  logicalOr: [{ label: 'bool', args: [b([4]), b([4])], call: (x, y) => lab.logicalOr(x, y) }],
  logicalXor: [{ label: 'bool', args: [b([4]), b([4])], call: (x, y) => lab.logicalXor(x, y) }],
  equal: [{ label: 'rounded', args: [f([5]), f([5])], call: (x, y) => lab.equal(lab.round(x), lab.round(y)) }],
  notEqual: [{ label: 'rounded', args: [f([5]), f([5])], call: (x, y) => lab.notEqual(lab.round(x), lab.round(y)) }],
  less: [{ label: 'broadcast', args: [f([2, 3]), f([3])], call: (x, y) => lab.less(x, y) }],
  lessEqual: [{ label: 'float', args: [f([5]), f([5])], call: (x, y) => lab.lessEqual(x, y) }],
  greater: [{ label: 'float', args: [f([5]), f([])], call: (x, y) => lab.greater(x, y) }],
  greaterEqual: [{ label: 'float', args: [f([5]), f([5])], call: (x, y) => lab.greaterEqual(x, y) }],
  all: [{ label: 'axis 1', args: [b([3, 4])], call: (x) => lab.all(x, 1) }],
  any: [{ label: 'all axes', args: [b([3, 4])], call: (x) => lab.any(x) }],
  argMax: [{ label: 'axis 1', args: [f([3, 4])], call: (x) => lab.argMax(x, 1) }],
  argMin: [{ label: 'axis 0', args: [f([3, 4])], call: (x) => lab.argMin(x, 0) }],
  stopGradient: [{ label: 'in a product', args: [f([4])], call: (x) => lab.mul(lab.stopGradient(x), x) }],
  oneHot: [{ label: 'depth 4', args: [i32([5], [0, 3, 1, -1, 4])], call: (x) => lab.oneHot(x, 4) }],
  topK: [{ label: 'k 2', args: [f([3, 5])], call: (x) => lab.topK(x, 2) }],
  cast: [
    { label: 'float64 -> int32', args: [f([5], -5, 5)], call: (x) => lab.cast(x, 'int32') },
    { label: 'float64 -> float32', args: [f([5])], call: (x) => lab.cast(x, 'float32') },
  ],
  int32: [
    {
      label: 'int32 arithmetic chain',
      args: [i32([4], [1, -2, 3, 7]), i32([4], [5, 6, -7, 2])],
      call: (x, y) => lab.relu(lab.add(lab.mul(x, y), lab.floorDiv(x, lab.tensor(2, 'int32')))),
    },
  ],
  mixed: [
    {
      label: 'compare, select and cast in one chain',
      args: [f([3, 4]), f([4])],
      call: (x, y) => lab.where(lab.greater(x, y), lab.cast(lab.cast(lab.mul(x, y), 'int32'), 'float64'), lab.clipByValue(lab.sub(x, y), -0.5, 0.5)),
    },
  ],
};

/** Defines the suites: call it once per test file, after choosing the backend. */
export function defineOpCases(): void {
  describe('every recorded op is replayable', () => {
    it('runOpByName knows every name in RECORDED_OPS', () => {
      const missing = Object.keys(RECORDED_OPS).filter((n) => !REPLAYABLE_OPS.has(n));
      expect(missing).toEqual([]);
    });
  });

  describe('jitted = eager, op by op (the gradient checker cases)', () => {
    const names = Object.keys(OP_SPECS) as (keyof typeof OP_SPECS)[];
    for (const name of names) {
      it(name, () => {
        OP_SPECS[name].cases.forEach((c, k) => check(name, c, 1000 + k * 17));
      });
    }
  });

  describe('jitted = eager for ops without gradients, int32 and bool', () => {
    for (const [name, cases] of Object.entries(EXTRA)) {
      it(name, () => {
        cases.forEach((c, k) => check(name, c, 5000 + k * 13));
      });
    }
  });

  describe('coverage', () => {
    afterAll(() => {
      const missed = Object.keys(RECORDED_OPS).filter((n) => !seen.has(n));
      expect(missed, 'recorded ops no case above ran').toEqual([]);
    });
    it('the cases above ran every recorded op', () => {
      expect(seen.size).toBeGreaterThan(0);
    });
  });
}
