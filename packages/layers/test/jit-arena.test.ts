// A compiled model's jitted training step in steady state asks the backend for no buffer (jit's replay arena and
// buffer pool) and still trains as the eager step does (cpu and wasm).
import { describe, expect, it } from 'vitest';
import { getBackend, init, memory, setSeed, tensor, type Tensor } from '@lab/core';
import { Adam, SGD, type Optimizer } from '@lab/optim';
import { Dense, Sequential, type JitCompile } from '@lab/layers';
import { rng, values } from './setup.js';
import { countingAllocs } from '../../jit/test/helpers.js';

function data(): { x: Tensor; y: Tensor } {
  const r = rng(4);
  const x = tensor(Float32Array.from({ length: 16 * 20 }, () => r() * 2 - 1), { shape: [16, 20] });
  const y = tensor(Int32Array.from({ length: 16 }, (_, i) => i % 4), 'int32');
  return { x, y };
}

function mlp(optimizer: Optimizer, jitCompile: JitCompile) {
  setSeed(3);
  const model = new Sequential({
    layers: [new Dense({ units: 32, activation: 'relu', inputShape: [20] }), new Dense({ units: 4, activation: 'softmax' })],
  });
  model.compile({ optimizer, loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'], jitCompile });
  return model;
}

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`the jitted training step on ${backend}`, () => {
    it('allocates no buffer per step after warm-up, with the eager weights (SGD and Adam)', async () => {
      await init(backend === 'cpu' ? (await import('@lab/backend-cpu')).cpu : (await import('@lab/backend-wasm')).createWasmPlugin({ threads: 1 }));
      expect(getBackend()).toBe(backend);
      for (const make of [() => new SGD({ learningRate: 0.1, momentum: 0.9 }), () => new Adam({ learningRate: 0.01 })]) {
        const { x, y } = data();
        const eager = mlp(make(), false);
        const jitted = mlp(make(), 'auto');
        const counts: number[] = [];
        for (let s = 0; s < 7; s++) {
          await eager.trainOnBatch(x, y);
          await jitted.trainOnBatch(x, y);
          // The step itself, as fit runs it (trainOnBatch also resets and reads the metrics, outside the step).
          const steps = jitted.compiled!.jit!;
          counts.push(countingAllocs(() => steps.train([x], [y])).allocs);
          await eager.trainOnBatch(x, y);
        }
        expect(jitted.jitStatus?.train.mode).toBe('jit');
        // Warm-up: eager steps until the optimizer's slots exist, the trace, the first replay.
        expect(counts.slice(3)).toEqual([0, 0, 0, 0]);
        const we = eager.getWeights();
        const wj = jitted.getWeights();
        we.forEach((w, i) => {
          const a = values(w);
          const b = values(wj[i]);
          a.forEach((v, k) => expect(Math.abs(b[k] - v)).toBeLessThanOrEqual(1e-5));
        });
        const held = memory().numTensors;
        jitted.dispose();
        eager.dispose();
        expect(memory().numTensors).toBeLessThan(held);
        for (const t of [...we, ...wj, x, y]) t.dispose();
      }
    });
  });
}
