// The paired WebGPU run: its rows are real workloads (the list), and the tfjs-webgpu adapter's navigator
// setup leaves an existing navigator.gpu alone.
import { describe, expect, it } from 'vitest';
import { PAIR_WORKLOADS } from '../src/webgpu-pair.js';
import { workloadById } from '../src/workloads/index.js';

describe('webgpu-pair', () => {
  it('measures matmul 256/512/1024, softmax, add, relu(a*b+c) and the MLP step', () => {
    expect(PAIR_WORKLOADS.map((id) => workloadById(id).title)).toEqual([
      'matmul 256x256 f32',
      'matmul 512x512 f32',
      'matmul 1024x1024 f32',
      'softmax 1000x1000 last axis',
      'add 1e6 f32',
      'relu(a*b+c) 1e6 f32',
      'MLP 784-256-10 b128 train step',
    ]);
  });

  it('installNavigatorGpu keeps a navigator.gpu that is already there', async () => {
    const g = globalThis as { navigator?: { gpu?: unknown } };
    const saved = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
    const fake = { requestAdapter: async () => null };
    Object.defineProperty(globalThis, 'navigator', { value: { gpu: fake }, configurable: true, writable: true });
    try {
      const { installNavigatorGpu } = await import('../src/adapters/tfjs-webgpu.js');
      expect(await installNavigatorGpu()).toBe(fake);
    } finally {
      if (saved) Object.defineProperty(globalThis, 'navigator', saved);
      else delete g.navigator;
    }
  });
});
