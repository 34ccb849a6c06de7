// jit on the webgpu backend (Dawn in Node, on SwiftShader without a GPU): fused chains run as one generated WGSL
// shader and agree with the op-by-op kernels, and a replayed training step is one batch of commands: eager's
// losses, and at most 2 submits per step.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import * as lab from '@lab/core';
import { backendInstance, dispose, tensor, type Tensor } from '@lab/core';
import { jit } from '@lab/jit';
import { rng } from './helpers.js';
import { mlpSgdStep, variablesFrom } from './mlp.js';
import { initWebGPU } from './webgpu-backend.js';


interface GpuStats {
  stats(): { submits: number; kernels: number };
  fusedElementwise?: (...a: unknown[]) => void;
}

beforeAll(initWebGPU);

function uniform(n: number, seed: number, lo = -1, hi = 1): Float32Array {
  const r = rng(seed);
  return Float32Array.from({ length: n }, () => lo + (hi - lo) * r());
}

async function values(t: Tensor): Promise<number[]> {
  return Array.from((await t.data()) as ArrayLike<number>, Number);
}

/** Jitted and eager results of `f` agree (floats within 1e-6 relative, ints and bools exactly), over 2 replays. */
async function agree(f: (...x: Tensor[]) => Tensor | Tensor[], shapes: number[][]): Promise<number> {
  const be = backendInstance() as unknown as GpuStats;
  const spy = vi.spyOn(be as Required<GpuStats>, 'fusedElementwise');
  const jf = jit(f);
  try {
    for (let round = 0; round < 3; round++) {
      const xs = shapes.map((s, i) => tensor(uniform(s.reduce((a, b) => a * b, 1), 10 * round + i, -2, 2), { shape: s }));
      const e = [f(...xs)].flat();
      const j = [jf(...xs) as Tensor | Tensor[]].flat();
      expect(j.length).toBe(e.length);
      for (let k = 0; k < e.length; k++) {
        expect(j[k].dtype).toBe(e[k].dtype);
        expect([...j[k].shape]).toEqual([...e[k].shape]);
        const [a, b] = [await values(j[k]), await values(e[k])];
        for (let i = 0; i < a.length; i++) {
          if (Number.isNaN(b[i])) expect(a[i], `round ${round} output ${k} element ${i}`).toBeNaN();
          else if (e[k].dtype === 'float32') expect(Math.abs(a[i] - b[i]), `round ${round} output ${k} element ${i}`).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(b[i])));
          else expect(a[i], `round ${round} output ${k} element ${i}`).toBe(b[i]);
        }
      }
      dispose([...xs, ...e, ...j]);
    }
    return spy.mock.calls.length;
  } finally {
    spy.mockRestore();
  }
}

describe('jit on webgpu: fused elementwise shaders', () => {
  it('relu(a*b+c) is one fused dispatch per replay', async () => {
    const calls = await agree((a, b, c) => lab.relu(lab.add(lab.mul(a, b), c)), [[1000], [1000], [1000]]);
    expect(calls).toBe(2);
  });

  it('broadcasting rows, scalars and transposed (strided) inputs', async () => {
    expect(await agree((x, bias) => lab.relu(lab.add(x, bias)), [[33, 65], [65]])).toBe(2);
    expect(await agree((x, s) => lab.sigmoid(lab.sub(lab.mul(x, s), s)), [[257], []])).toBe(2);
    expect(await agree((x) => lab.tanh(lab.add(lab.transpose(x), 1)), [[17, 9]])).toBe(2);
  });

  it('compare, select, cast, int32 and several outputs', async () => {
    await agree((x, y) => lab.where(lab.greater(x, y), lab.cast(lab.cast(lab.mul(x, y), 'int32'), 'float32'), lab.clipByValue(lab.sub(x, y), -0.5, 0.5)), [[300], [300]]);
    await agree((x) => lab.add(lab.cast(lab.floor(lab.mul(x, 10)), 'int32'), lab.tensor(3, 'int32')), [[100]]);
    await agree((a, b) => {
      const s = lab.add(a, b);
      return [lab.relu(s), lab.mul(s, s), lab.less(s, a)];
    }, [[500], [500]]);
  });

  it('a chain with more inputs than a shader may bind runs op by op, with the same results', async () => {
    const shapes = Array.from({ length: 9 }, () => [64]);
    const calls = await agree((...x) => lab.relu(x.slice(1).reduce((acc, t, i) => (i % 2 ? lab.mul(acc, t) : lab.add(acc, t)), x[0])), shapes);
    expect(calls).toBeGreaterThan(0);
  });
});

describe('a jitted training step on webgpu', () => {
  it('gives eager losses within 1e-4 and replays in at most 2 submits per step', async () => {
    const be = backendInstance() as unknown as GpuStats;
    const [B, I, H, C] = [128, 784, 256, 10];
    const x = tensor(uniform(B * I, 1), { shape: [B, I] });
    const yv = new Float32Array(B * C);
    for (let i = 0; i < B; i++) yv[i * C + ((i * 7) % C)] = 1;
    const y = tensor(yv, { shape: [B, C] });
    const s1 = Math.sqrt(6 / (I + H));
    const s2 = Math.sqrt(6 / (H + C));
    const trainer = (jitted: boolean) => {
      const params = variablesFrom([
        [uniform(I * H, 21, -s1, s1), [I, H]],
        [new Float32Array(H), [H]],
        [uniform(H * C, 22, -s2, s2), [H, C]],
        [new Float32Array(C), [C]],
      ]);
      const step = mlpSgdStep(params, 0.1);
      return { step: jitted ? jit(step) : step, params };
    };
    const eager = trainer(false);
    const jitted = trainer(true);
    const submits: number[] = [];
    for (let s = 1; s <= 6; s++) {
      const le = eager.step(x, y);
      const e = Number((await le.data())[0]);
      le.dispose();
      const before = be.stats().submits;
      const lj = jitted.step(x, y);
      const j = Number((await lj.data())[0]);
      lj.dispose();
      submits.push(be.stats().submits - before);
      expect(Math.abs(j - e), `step ${s}: jitted ${j}, eager ${e}`).toBeLessThanOrEqual(1e-4);
    }
    expect(submits.slice(1).every((n) => n <= 2), `submits per replayed step: ${submits.join(', ')}`).toBe(true);
    const graph = (jitted.step as unknown as { concreteFunctions(): { describe(): string }[] }).concreteFunctions()[0].describe();
    expect(graph).toMatch(/fused\(/);
    dispose([x, y, ...eager.params, ...jitted.params]);
  });
});
