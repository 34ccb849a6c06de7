// The numerical gradient checker: every differentiable op of core's RECORDED_OPS, on random float64 inputs and
// several shapes (broadcasting included), against central differences. First order for every op; second order
// (nested tapes against central differences of the first-order gradient) for every op as well: away from kinks,
// piecewise-linear ops must give exactly the zero second derivative, and smooth ones the true curvature.
import { describe, expect, it } from 'vitest';
import { RECORDED_OPS, cast, memory, mul, sum, tensor, tidy, type Tensor } from '@lab/core';
import { GradientTape, getGradient } from '@lab/autodiff';
import { OP_SPECS, type Arg, type Case, type OpSpec } from './op-specs.js';
import { expectClose, f64, normal, rng, size, values } from './helpers.js';
import { useCpu } from './setup.js';

useCpu();

const DIFFERENTIABLE = Object.entries(RECORDED_OPS as Record<string, string>)
  .filter(([, kind]) => kind === 'differentiable')
  .map(([name]) => name);

type HostValues = Float64Array | Uint8Array | Int32Array;

function sample(a: Arg, r: () => number): HostValues {
  const n = size(a.shape);
  if (a.kind === 'bool') return Uint8Array.from({ length: n }, () => (r() < 0.5 ? 1 : 0));
  if (a.kind === 'int') return Int32Array.from(a.ints!);
  if (a.fill) return Float64Array.from(a.fill(n, r));
  const d = a.domain!;
  return Float64Array.from({ length: n }, () => d(r));
}

function build(args: readonly Arg[], vals: readonly HostValues[]): Tensor[] {
  return args.map((a, i) =>
    a.kind === 'bool'
      ? tensor(vals[i] as Uint8Array, { dtype: 'bool', shape: a.shape })
      : a.kind === 'int'
        ? tensor(vals[i] as Int32Array, { dtype: 'int32', shape: a.shape })
        : f64(vals[i], a.shape),
  );
}

const toF64 = (t: Tensor): Tensor => (t.dtype === 'float64' ? t : cast(t, 'float64'));

/** One case: the loss `sum(f(x) * W)` with fixed random weights, and its analytic/numeric derivatives. */
class Check {
  readonly vals: HostValues[];
  readonly diff: number[];
  readonly W: Tensor;
  readonly V: Float64Array[];

  constructor(
    readonly c: Case,
    seed: number,
  ) {
    const r = rng(seed);
    this.vals = c.args.map((a) => sample(a, r));
    this.diff = c.args.flatMap((a, i) => (a.kind === 'bool' || a.kind === 'int' ? [] : [i]));
    const outShape = tidy(() => [...c.call(...build(c.args, this.vals)).shape]);
    this.W = f64(
      Array.from({ length: size(outShape) }, () => normal(r)),
      outShape,
    );
    this.V = this.diff.map((i) => Float64Array.from({ length: this.vals[i].length }, () => normal(r)));
  }

  loss(xs: Tensor[]): Tensor {
    return sum(mul(toF64(this.c.call(...xs)), this.W));
  }

  /** Analytic gradient of the loss at `vals`, per differentiable argument. */
  grad(vals: readonly HostValues[]): number[][] {
    return tidy(() => {
      const xs = build(this.c.args, vals);
      const d = this.diff.map((i) => xs[i]);
      const tape = new GradientTape();
      tape.watch(d);
      const L = tape.record(() => this.loss(xs));
      return tape.gradient(L, d, { unconnectedGradients: 'zero' }).map((g) => values(g!));
    });
  }

  /** Analytic second derivative: the gradient of `sum_j <grad_j, V_j>`, by nested tapes. */
  hvp(): number[][] {
    return tidy(() => {
      const xs = build(this.c.args, this.vals);
      const d = this.diff.map((i) => xs[i]);
      const outer = new GradientTape();
      outer.watch(d);
      const H = outer.record(() => {
        const inner = new GradientTape();
        inner.watch(d);
        const L = inner.record(() => this.loss(xs));
        const g = inner.gradient(L, d, { unconnectedGradients: 'zero' });
        let acc: Tensor = f64([0], []);
        g.forEach((gj, j) => (acc = acc.add(sum(mul(gj!, f64(this.V[j], d[j].shape))))));
        return acc;
      });
      return outer.gradient(H, d, { unconnectedGradients: 'zero' }).map((g) => values(g!));
    });
  }

  /** Central differences of a scalar function of the differentiable arguments. */
  numeric(fn: (vals: HostValues[]) => number, h: number): number[][] {
    return this.diff.map((i) => {
      const out: number[] = [];
      for (let k = 0; k < this.vals[i].length; k++) {
        const plus = this.vals.map((v) => v.slice());
        const minus = this.vals.map((v) => v.slice());
        plus[i][k] += h;
        minus[i][k] -= h;
        out.push((fn(plus) - fn(minus)) / (2 * h));
      }
      return out;
    });
  }

  lossAt(vals: HostValues[]): number {
    return tidy(() => values(this.loss(build(this.c.args, vals)))[0]);
  }

  /** `sum_j <grad_j, V_j>` at `vals`, from the analytic first-order gradient. */
  directional(vals: HostValues[]): number {
    const g = this.grad(vals);
    let s = 0;
    g.forEach((gj, j) => gj.forEach((v, k) => (s += v * this.V[j][k])));
    return s;
  }
}

function runCase(name: string, spec: OpSpec, c: Case, seed: number, order: 1 | 2): void {
  const before = memory();
  const check = new Check(c, seed);
  const h = spec.h ?? 1e-5;
  const rtol = spec.rtol ?? 1e-5;
  if (order === 1) {
    const analytic = check.grad(check.vals);
    const numeric = check.numeric((v) => check.lossAt(v), h);
    check.diff.forEach((argIndex, j) => expectClose(analytic[j], numeric[j], `${name} ${c.label}: d/d(arg ${argIndex})`, rtol, 1e-7));
  } else {
    const analytic = check.hvp();
    const numeric = check.numeric((v) => check.directional(v), h);
    check.diff.forEach((argIndex, j) => expectClose(analytic[j], numeric[j], `${name} ${c.label}: second order, arg ${argIndex}`, rtol * 20, 1e-6));
  }
  check.W.dispose();
  const after = memory();
  expect(after.numTensors, `${name} ${c.label}: tensors leaked`).toBe(before.numTensors);
  expect(after.numBytes, `${name} ${c.label}: bytes leaked`).toBe(before.numBytes);
}

describe('coverage of RECORDED_OPS', () => {
  it('every differentiable op has a registered gradient', () => {
    const missing = DIFFERENTIABLE.filter((n) => getGradient(n) === undefined);
    expect(missing, `differentiable ops in RECORDED_OPS without a gradient: ${missing.join(', ')}`).toEqual([]);
  });

  it('every differentiable op has a numerical-check spec', () => {
    const missing = DIFFERENTIABLE.filter((n) => (OP_SPECS as Readonly<Record<string, OpSpec | undefined>>)[n] === undefined);
    expect(missing, `differentiable ops without a spec in test/op-specs.ts: ${missing.join(', ')}`).toEqual([]);
  });

  it('the specs name only ops core records', () => {
    const unknown = Object.keys(OP_SPECS).filter((n) => !(n in RECORDED_OPS));
    expect(unknown).toEqual([]);
  });
});

const specs = Object.entries(OP_SPECS).filter(([name]) => name in RECORDED_OPS);

describe.each(specs)('%s', (name, spec) => {
  spec.cases.forEach((c, ci) => {
    const seed = 1000 + ci * 7919 + name.length * 31;
    it(`first order: ${c.label}`, () => runCase(name, spec, c, seed, 1));
    if (!spec.firstOrderOnly) it(`second order: ${c.label}`, () => runCase(name, spec, c, seed, 2));
  });
});
