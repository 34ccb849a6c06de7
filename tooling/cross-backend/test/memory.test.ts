/**
 * Memory stays flat over a long training run on every backend: a small MLP (8-16-4, batch 8) trained by hand
 * (forward, GradientTape gradient, SGD with `assignSub`, all inside `tidy`). `memory()` must report the same
 * tensors, buffers and bytes after the run as before it, the backend's own byte count must not move, and the
 * loss must fall.
 */
import { describe, expect, it } from 'vitest';
import { Variable, backendInstance, matMul, mean, memory, ready, relu, squaredDifference, tensor, tidy, zeros } from '@lab/core';
import { GradientTape } from '@lab/autodiff';
import { BACKENDS, useBackend } from './support/backends.js';
import { rand } from './support/op-cases.js';
import { scalarOf } from './support/values.js';

/**
 * Steps per backend. WebGPU runs 2,000, not 10,000: each step is ~40 kernels at 5-10 ms per step on SwiftShader (a
 * CPU Vulkan driver), so 10,000 steps would take 50-100 s, over the 60 s budget; 2,000 steps still recycle every
 * buffer thousands of times.
 */
const STEPS: Record<string, number> = { cpu: 10_000, wasm: 10_000, 'wasm-2t': 10_000, webgpu: 2_000 };

describe.each(BACKENDS)('memory over MLP training on $label', (b) => {
  useBackend(b);
  const steps = STEPS[b.name];

  it(`memory() is identical before and after ${steps.toLocaleString('en')} training steps, and the loss fell`, async () => {
    const [nIn, nHidden, nOut, batch, lr] = [8, 16, 4, 8, 0.05];
    const xs = rand(batch * nIn, 101);
    // A target the network can fit: a fixed random linear map of the inputs, squashed.
    const wTrue = rand(nIn * nOut, 102);
    const ys = Array.from({ length: batch * nOut }, (_, i) => {
      const [row, col] = [Math.floor(i / nOut), i % nOut];
      let s = 0;
      for (let k = 0; k < nIn; k++) s += xs[row * nIn + k] * wTrue[k * nOut + col];
      return Math.tanh(s / 2);
    });
    const x = tensor(xs, { shape: [batch, nIn] });
    const y = tensor(ys, { shape: [batch, nOut] });
    // tidy frees the initial values; Variables copy them and are never disposed by scopes.
    const params = tidy(() => [
      new Variable(tensor(rand(nIn * nHidden, 103, -0.5, 0.5), { shape: [nIn, nHidden] })),
      new Variable(zeros([nHidden])),
      new Variable(tensor(rand(nHidden * nOut, 104, -0.5, 0.5), { shape: [nHidden, nOut] })),
      new Variable(zeros([nOut])),
    ]);
    const [w1, b1, w2, b2] = params;
    const lossNow = () => tidy(() => mean(squaredDifference(matMul(relu(matMul(x, w1).add(b1)), w2).add(b2), y)));
    try {
      const first = lossNow();
      const loss0 = await scalarOf(first);
      first.dispose();
      await ready();

      const before = memory();
      const bytesBefore = backendInstance().memoryBytes();
      const t0 = performance.now();
      for (let step = 0; step < steps; step++) {
        tidy(() => {
          const tape = new GradientTape();
          const loss = tape.record(() => {
            const h = relu(matMul(x, w1).add(b1));
            return mean(squaredDifference(matMul(h, w2).add(b2), y));
          });
          const grads = tape.gradient(loss, params);
          params.forEach((p, i) => p.assignSub(grads[i]!.mul(lr)));
        });
        // Let a device queue drain now and then (a no-op on cpu/wasm), so the run measures steady state.
        if (step % 500 === 499) await ready();
      }
      await ready();
      const ms = performance.now() - t0;
      const after = memory();
      const bytesAfter = backendInstance().memoryBytes();

      const pick = (m: typeof before) => ({ numTensors: m.numTensors, numDataBuffers: m.numDataBuffers, numBytes: m.numBytes });
      expect(pick(after), `memory() after ${steps} steps on ${b.label}`).toEqual(pick(before));
      expect(after.backends[b.name], `memory().backends['${b.name}']`).toEqual(before.backends[b.name]);
      expect(bytesAfter, `${b.label} backend memoryBytes()`).toBe(bytesBefore);

      const last = lossNow();
      const loss1 = await scalarOf(last);
      last.dispose();
      expect(loss1, `loss ${loss0} -> ${loss1}`).toBeLessThan(loss0 / 4);
      console.log(`${b.label}: ${steps} steps in ${(ms / 1000).toFixed(1)} s (${((ms * 1000) / steps).toFixed(0)} µs/step); loss ${loss0.toExponential(3)} -> ${loss1.toExponential(3)}`);
    } finally {
      for (const p of params) p.dispose();
      x.dispose();
      y.dispose();
    }
  }, 120_000);
});
