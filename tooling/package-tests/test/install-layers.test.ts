// What a user training models on the wasm backend installs and ships: core + autodiff + optim + jit + layers +
// backend-wasm (@lab/layers needs @lab/autodiff, @lab/optim and @lab/jit as peers: fit runs its steps through jit),
// and no CPU or WebGPU backend.
import { expect } from 'vitest';
import { describeInstall } from '../src/install-check.js';
import { LAYERS_PROGRAM } from '../src/programs.js';

describeInstall({
  id: 'layers-wasm',
  packages: ['@lab/core', '@lab/autodiff', '@lab/optim', '@lab/jit', '@lab/layers', '@lab/backend-wasm'],
  forbiddenPackages: ['@lab/backend-cpu', '@lab/backend-webgpu', 'webgpu', '@webgpu/types'],
  allowWasmFiles: true,
  forbiddenInBundle: {
    'navigator.gpu': 'no WebGPU code without @lab/backend-webgpu',
    requestAdapter: 'no WebGPU code without @lab/backend-webgpu',
    'cpu backend:': 'no @lab/backend-cpu code (its error messages start so)',
  },
  program: LAYERS_PROGRAM,
  expectResult: (r) => {
    expect(r.backend).toBe('wasm');
    expect(r.backends).toEqual(['wasm']);
    expect(r.lastLoss as number).toBeLessThan((r.firstLoss as number) / 4);
    expect(r.predShape).toEqual([64, 1]);
    expect(r.dSquare).toEqual([2, 4, 6]);
  },
});
